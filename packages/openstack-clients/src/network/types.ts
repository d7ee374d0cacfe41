/** A Neutron network (the fields the stress tool needs). */
export interface Network {
  id: string;
  name: string;
  external: boolean;
  status: string;
}

/** A Neutron floating IP. */
export interface FloatingIp {
  id: string;
  floatingIpAddress: string;
  floatingNetworkId: string;
  portId: string | null;
  fixedIpAddress: string | null;
  status: string;
  projectId: string | null;
  description: string;
}
