#!/usr/bin/env bash
# Brings up a small real OpenStack (Zed, Debian bookworm packages) on 127.0.0.1, as root, without
# systemd: MariaDB, RabbitMQ, Keystone, Glance, Cinder (fake volume driver), Placement, Nova (fake
# virt driver) and Neutron's API server (ML2, no agents). Idempotent: what runs already is kept, what
# was set up once is not set up again. Prints `export ...` lines for the `member` user on stdout
# (everything else goes to stderr) and writes clouds.yaml (clouds `admin` and `member`), env.sh and
# admin-env.sh under the state directory.
#
#   up.sh [--no-compute]        --no-compute (or TRACK_OPENSTACK_SERVICES=volume): Keystone, Glance
#                               and Cinder only; Nova, Placement and Neutron are stopped and left
#                               out of the catalog (a Cinder-only cloud)
#   TRACK_OPENSTACK_STATE       state directory (default /var/lib/track-openstack)
#   TRACK_OPENSTACK_SKIP_INSTALL=1  do not run install-packages.sh
set -euo pipefail
# The whole script is one block, read before it runs: editing the file during a run cannot derail it.
{
source "$(dirname "$0")/lib.sh"

MODE=${TRACK_OPENSTACK_SERVICES:-all}
for arg in "$@"; do
  case $arg in
    --no-compute) MODE=volume ;;
    -h | --help)
      sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "up.sh: unknown argument $arg (use --no-compute or nothing)" >&2
      exit 2
      ;;
  esac
done
case $MODE in
  all | volume) ;;
  *)
    echo "up.sh: TRACK_OPENSTACK_SERVICES must be 'all' or 'volume', not '$MODE'" >&2
    exit 2
    ;;
esac
if [[ $(id -u) -ne 0 ]]; then
  echo "up.sh: needs root (it installs packages and runs the services as root)" >&2
  exit 1
fi

started_at=$SECONDS
if [[ ${TRACK_OPENSTACK_SKIP_INSTALL:-0} != 1 ]]; then
  bash "$HERE/install-packages.sh" >&2 || fail packages "apt-get install failed"
fi
log "packages ready ($((SECONDS - started_at)) s)"

mkdir -p "$ETC" "$LOG_DIR" "$RUN_DIR" "$DONE_DIR"
chmod 700 "$STATE"

# Secrets: made once, kept in the state directory (0600), never printed.
if [[ ! -s $STATE/secrets.env ]]; then
  umask 077
  {
    echo "DB_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    echo "TRACK_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    echo "TRACK_SERVICE_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    echo "TRACK_MEMBER_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  } >"$STATE/secrets.env"
  umask 022
fi
set -a
source "$STATE/secrets.env"
set +a

KEYSTONE=http://127.0.0.1:5000
RABBIT=rabbit://guest:guest@127.0.0.1:5672/
db() { echo "mysql+pymysql://track:$DB_PASSWORD@127.0.0.1/$1?charset=utf8"; }

# authtoken USER: the [keystone_authtoken] section of a service whose Keystone user is USER.
authtoken() {
  cat <<CONF
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE
auth_url = $KEYSTONE
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $TRACK_SERVICE_PASSWORD
region_name = RegionOne
service_token_roles = service
service_token_roles_required = true
CONF
}

# service_auth SECTION [USER]: a keystoneauth section for calls a service makes to another one, as the
# Keystone user USER (default nova).
service_auth() {
  cat <<CONF
[$1]
auth_type = password
auth_url = $KEYSTONE
project_domain_name = Default
user_domain_name = Default
project_name = service
username = ${2:-nova}
password = $TRACK_SERVICE_PASSWORD
region_name = RegionOne
CONF
}

# ---------------------------------------------------------------- MariaDB
mysql_sock=$RUN_DIR/mysqld.sock
sql() { mariadb --no-defaults -S "$mysql_sock" -u root "$@"; }
if [[ ! -d $STATE/mysql/mysql ]]; then
  log "initialising MariaDB"
  mkdir -p "$STATE/mysql"
  mariadb-install-db --no-defaults --datadir="$STATE/mysql" --user=root \
    --auth-root-authentication-method=socket >>"$LOG_DIR/mariadb.log" 2>&1 ||
    fail mariadb "mariadb-install-db failed"
fi
start mariadb mariadbd --no-defaults --datadir="$STATE/mysql" --socket="$mysql_sock" \
  --bind-address=127.0.0.1 --port=3306 --user=root --pid-file="$RUN_DIR/mariadbd.own.pid" \
  --skip-name-resolve --max-connections=2000 --innodb-buffer-pool-size=256M \
  --innodb-flush-log-at-trx-commit=0 --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci
wait_for mariadb 120 sql -e 'SELECT 1'
databases=(keystone glance cinder)
[[ $MODE == all ]] && databases+=(placement nova_api nova nova_cell0 neutron)
{
  for d in "${databases[@]}"; do echo "CREATE DATABASE IF NOT EXISTS $d;"; done
  echo "CREATE USER IF NOT EXISTS 'track'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';"
  echo "ALTER USER 'track'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';"
  echo "GRANT ALL PRIVILEGES ON *.* TO 'track'@'127.0.0.1';"
} | sql || fail mariadb "creating the databases failed"

# ---------------------------------------------------------------- RabbitMQ
mkdir -p "$STATE/rabbitmq" "$LOG_DIR/rabbitmq"
echo '[].' >"$STATE/rabbitmq/enabled_plugins"
export ERL_EPMD_ADDRESS=127.0.0.1
start epmd epmd -address 127.0.0.1 -port 4369
wait_for epmd 30 bash -c 'exec 3<>/dev/tcp/127.0.0.1/4369'
start rabbitmq env HOME="$STATE/rabbitmq" RABBITMQ_NODENAME=rabbit@localhost \
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=5672 RABBITMQ_DIST_PORT=25672 \
  RABBITMQ_MNESIA_BASE="$STATE/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$LOG_DIR/rabbitmq" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$STATE/rabbitmq/enabled_plugins" \
  RABBITMQ_CONFIG_FILE="$STATE/rabbitmq/rabbitmq" \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
  /usr/lib/rabbitmq/bin/rabbitmq-server
wait_for rabbitmq 180 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672'

# ---------------------------------------------------------------- Keystone
mkdir -p "$ETC/keystone" "$STATE/keystone/fernet-keys" "$STATE/keystone/credential-keys"
chmod 700 "$STATE/keystone/fernet-keys" "$STATE/keystone/credential-keys"
cat >"$ETC/keystone/keystone.conf" <<CONF
[DEFAULT]
[database]
connection = $(db keystone)
[token]
provider = fernet
[fernet_tokens]
key_repository = $STATE/keystone/fernet-keys
[fernet_receipts]
key_repository = $STATE/keystone/fernet-keys
[credential]
key_repository = $STATE/keystone/credential-keys
CONF
km() { keystone-manage --config-file "$ETC/keystone/keystone.conf" "$@" >>"$LOG_DIR/keystone.log" 2>&1; }
once keystone-db km db_sync || fail keystone "keystone-manage db_sync failed"
once keystone-fernet km fernet_setup --keystone-user root --keystone-group root ||
  fail keystone "fernet_setup failed"
once keystone-credential km credential_setup --keystone-user root --keystone-group root ||
  fail keystone "credential_setup failed"
once keystone-bootstrap km bootstrap --bootstrap-password "$TRACK_ADMIN_PASSWORD" --bootstrap-username admin \
  --bootstrap-project-name admin --bootstrap-role-name admin --bootstrap-service-name keystone \
  --bootstrap-region-id RegionOne --bootstrap-admin-url "$KEYSTONE/v3" \
  --bootstrap-internal-url "$KEYSTONE/v3" --bootstrap-public-url "$KEYSTONE/v3" ||
  fail keystone "keystone-manage bootstrap failed"

# uwsgi_app NAME PORT WSGI_FILE PROCESSES [--env K=V ...]: a WSGI app behind uwsgi's HTTP router,
# with keep-alive (see the README for why not --http-socket).
uwsgi_app() {
  local name=$1 port=$2 file=$3 processes=$4
  shift 4
  start "$name" uwsgi --plugin corerouter,http,python3 --master --die-on-term --need-app --enable-threads \
    --http "127.0.0.1:$port" --http-keepalive --http-auto-chunked --http-timeout 300 \
    --wsgi-file "$file" --processes "$processes" --threads 1 --buffer-size 65535 \
    --listen 128 --harakiri 300 "$@"
}
CONFIG=$ETC/keystone/keystone.conf uwsgi_app keystone 5000 /usr/bin/keystone-wsgi-public 2 --env "OS_KEYSTONE_CONFIG_FILES=$ETC/keystone/keystone.conf"
wait_for keystone 120 http_ok "$KEYSTONE/v3"
/usr/bin/python3 "$HERE/setup-cloud.py" identity "$MODE" || fail keystone "creating users and the catalog failed"
log "keystone ready ($((SECONDS - started_at)) s)"

# ---------------------------------------------------------------- Glance
mkdir -p "$ETC/glance" "$STATE/glance/images" "$STATE/glance/staging" "$STATE/glance/tasks" "$STATE/glance/lock"
cat >"$ETC/glance/glance-api.conf" <<CONF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9292
workers = 1
enabled_backends = fs:file
[database]
connection = $(db glance)
$(authtoken glance)
[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $STATE/glance/images
[os_glance_staging_store]
filesystem_store_datadir = $STATE/glance/staging
[os_glance_tasks_store]
filesystem_store_datadir = $STATE/glance/tasks
[oslo_concurrency]
lock_path = $STATE/glance/lock
CONF
once glance-db glance-manage --config-file "$ETC/glance/glance-api.conf" db_sync >>"$LOG_DIR/glance.log" 2>&1 ||
  fail glance "glance-manage db_sync failed"
CONFIG=$ETC/glance/glance-api.conf start glance glance-api --config-file "$ETC/glance/glance-api.conf"

# ---------------------------------------------------------------- Cinder
mkdir -p "$ETC/cinder" "$STATE/cinder/lock"
cat >"$ETC/cinder/cinder.conf" <<CONF
[DEFAULT]
transport_url = $RABBIT
auth_strategy = keystone
my_ip = 127.0.0.1
host = track
state_path = $STATE/cinder
api_paste_config = /etc/cinder/api-paste.ini
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = 8776
osapi_volume_workers = 2
enabled_backends = fake
default_volume_type = __DEFAULT__
# The fake driver reports a fixed 5 GiB pool: no CapacityFilter.
scheduler_default_filters = AvailabilityZoneFilter,CapabilitiesFilter
quota_volumes = 1000
quota_snapshots = 1000
quota_gigabytes = 100000
rpc_response_timeout = 120
[database]
connection = $(db cinder)
$(authtoken cinder)
$(service_auth nova cinder)
[oslo_concurrency]
lock_path = $STATE/cinder/lock
[oslo_messaging_notifications]
driver = noop
[fake]
volume_driver = track_fake_driver.TrackFakeVolumeDriver
volume_backend_name = fake
target_helper = fake
CONF
once cinder-db cinder-manage --config-file "$ETC/cinder/cinder.conf" db sync >>"$LOG_DIR/cinder-api.log" 2>&1 ||
  fail cinder-api "cinder-manage db sync failed"
CONFIG=$ETC/cinder/cinder.conf start cinder-api cinder-api --config-file "$ETC/cinder/cinder.conf"
CONFIG=$ETC/cinder/cinder.conf start cinder-scheduler cinder-scheduler --config-file "$ETC/cinder/cinder.conf"
CONFIG="$ETC/cinder/cinder.conf $HERE/track_fake_driver.py" start cinder-volume env PYTHONPATH="$HERE" PYTHONDONTWRITEBYTECODE=1 cinder-volume --config-file "$ETC/cinder/cinder.conf"

if [[ $MODE == all ]]; then
  # -------------------------------------------------------------- Placement
  mkdir -p "$ETC/placement"
  cat >"$ETC/placement/placement.conf" <<CONF
[placement_database]
connection = $(db placement)
[api]
auth_strategy = keystone
$(authtoken placement)
CONF
  once placement-db placement-manage --config-file "$ETC/placement/placement.conf" db sync \
    >>"$LOG_DIR/placement.log" 2>&1 || fail placement "placement-manage db sync failed"
  CONFIG=$ETC/placement/placement.conf uwsgi_app placement 8778 /usr/bin/placement-api 1 --env "OS_PLACEMENT_CONFIG_DIR=$ETC/placement"

  # -------------------------------------------------------------- Neutron
  mkdir -p "$ETC/neutron" "$STATE/neutron/lock"
  cat >"$ETC/neutron/neutron.conf" <<CONF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9696
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
transport_url = $RABBIT
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
state_path = $STATE/neutron
api_paste_config = /etc/neutron/api-paste.ini
[database]
connection = $(db neutron)
$(authtoken neutron)
$(service_auth nova)
[oslo_concurrency]
lock_path = $STATE/neutron/lock
[oslo_messaging_notifications]
driver = noop
CONF
  cat >"$ETC/neutron/ml2_conf.ini" <<CONF
[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
mechanism_drivers =
extension_drivers = port_security
[ml2_type_flat]
flat_networks = public
[ml2_type_vxlan]
vni_ranges = 1:1000
CONF
  neutron_conf=(--config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/ml2_conf.ini")
  once neutron-db neutron-db-manage "${neutron_conf[@]}" upgrade heads >>"$LOG_DIR/neutron.log" 2>&1 ||
    fail neutron "neutron-db-manage upgrade heads failed"
  CONFIG="$ETC/neutron/neutron.conf $ETC/neutron/ml2_conf.ini" start neutron /usr/bin/python3 -c 'import sys; sys.argv[0] = "neutron-server"; from neutron.cmd.eventlet.server import main; sys.exit(main())' \
    "${neutron_conf[@]}"

  # -------------------------------------------------------------- Nova
  mkdir -p "$ETC/nova" "$STATE/nova/instances" "$STATE/nova/lock"
  cp /etc/nova/api-paste.ini "$ETC/nova/api-paste.ini"
  cat >"$ETC/nova/nova.conf" <<CONF
[DEFAULT]
transport_url = $RABBIT
compute_driver = fake.FakeDriver
my_ip = 127.0.0.1
host = track-compute
state_path = $STATE/nova
instances_path = $STATE/nova/instances
enabled_apis = osapi_compute
use_rootwrap_daemon = false
rpc_response_timeout = 120
[api]
auth_strategy = keystone
[api_database]
connection = $(db nova_api)
[database]
connection = $(db nova)
$(authtoken nova)
$(service_auth placement)
$(service_auth neutron)
$(service_auth cinder)
$(service_auth service_user)
send_service_user_token = true
[cinder]
os_region_name = RegionOne
[glance]
region_name = RegionOne
[wsgi]
api_paste_config = $ETC/nova/api-paste.ini
[scheduler]
discover_hosts_in_cells_interval = -1
workers = 1
[conductor]
workers = 1
[quota]
instances = 1000
cores = 10000
ram = 10000000
[vnc]
enabled = false
[oslo_concurrency]
lock_path = $STATE/nova/lock
[oslo_messaging_notifications]
driver = noop
CONF
  nova_conf=(--config-file "$ETC/nova/nova.conf")
  nm() { nova-manage "${nova_conf[@]}" "$@" >>"$LOG_DIR/nova-manage.log" 2>&1; }
  once nova-api-db nm api_db sync || fail nova-manage "nova-manage api_db sync failed"
  once nova-cell0 nm cell_v2 map_cell0 --database_connection "$(db nova_cell0)" ||
    fail nova-manage "nova-manage cell_v2 map_cell0 failed"
  once nova-cell1 nm cell_v2 create_cell --name cell1 --database_connection "$(db nova)" \
    --transport-url "$RABBIT" || fail nova-manage "nova-manage cell_v2 create_cell failed"
  once nova-db nm db sync || fail nova-manage "nova-manage db sync failed"
  nova_cmd() { echo "import sys; sys.argv[0] = 'nova-$1'; from nova.cmd.$1 import main; sys.exit(main())"; }
  CONFIG=$ETC/nova/nova.conf start nova-conductor /usr/bin/python3 -c "$(nova_cmd conductor)" "${nova_conf[@]}"
  CONFIG=$ETC/nova/nova.conf start nova-scheduler /usr/bin/python3 -c "$(nova_cmd scheduler)" "${nova_conf[@]}"
  CONFIG=$ETC/nova/nova.conf start nova-compute /usr/bin/python3 -c "$(nova_cmd compute)" "${nova_conf[@]}"
  CONFIG=$ETC/nova/nova.conf uwsgi_app nova-api 8774 /usr/bin/nova-api-wsgi 2 --env "OS_NOVA_CONFIG_DIR=$ETC/nova"
else
  for name in nova-api nova-compute nova-scheduler nova-conductor neutron placement; do stop "$name"; done
fi

# ---------------------------------------------------------------- readiness
wait_for glance 120 http_ok http://127.0.0.1:9292/
wait_for cinder-api 180 http_ok http://127.0.0.1:8776/
# last_setup_message: setup-cloud.py's last line in its log (why a readiness check gave up).
last_setup_message() { tail -n 1 "$LOG_DIR/setup-cloud.log" 2>/dev/null; }
/usr/bin/python3 "$HERE/setup-cloud.py" ready-volume "$MODE" 240 2>>"$LOG_DIR/setup-cloud.log" ||
  fail cinder-volume "Cinder did not create and delete a volume: $(last_setup_message) (cinder-scheduler log: $LOG_DIR/cinder-scheduler.log)"
log "cinder ready ($((SECONDS - started_at)) s)"
if [[ $MODE == all ]]; then
  wait_for placement 120 http_ok http://127.0.0.1:8778/
  wait_for neutron 180 http_ok http://127.0.0.1:9696/
  wait_for nova-api 180 http_ok http://127.0.0.1:8774/
  /usr/bin/python3 "$HERE/setup-cloud.py" ready-compute "$MODE" 240 2>>"$LOG_DIR/setup-cloud.log" ||
    fail nova-compute "nova-compute did not report up: $(last_setup_message)"
  nm cell_v2 discover_hosts || fail nova-manage "nova-manage cell_v2 discover_hosts failed"
fi
ids=$(/usr/bin/python3 "$HERE/setup-cloud.py" resources "$MODE") || fail setup-cloud "creating the flavor, image or network failed"
field() { /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ""))' "$ids" "$1"; }
TRACK_IMAGE=$(field image)
TRACK_FLAVOR=$(field flavor)
TRACK_EXTERNAL_NETWORK=$(field external_network)

# ---------------------------------------------------------------- settings for users
cat >"$STATE/clouds.yaml" <<YAML
# Written by scripts/real-openstack/up.sh: the loopback cloud's admin and member users.
clouds:
  admin:
    auth:
      auth_url: $KEYSTONE/v3
      username: admin
      password: $TRACK_ADMIN_PASSWORD
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: 3
  member:
    auth:
      auth_url: $KEYSTONE/v3
      username: member
      password: $TRACK_MEMBER_PASSWORD
      project_name: member
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: 3
YAML
chmod 600 "$STATE/clouds.yaml"
# env_lines USER PASSWORD PROJECT: the export lines for one user.
env_lines() {
  cat <<ENV
export OS_AUTH_URL='$KEYSTONE/v3'
export OS_USERNAME='$1'
export OS_PASSWORD='$2'
export OS_PROJECT_NAME='$3'
export OS_USER_DOMAIN_NAME='Default'
export OS_PROJECT_DOMAIN_NAME='Default'
export OS_REGION_NAME='RegionOne'
export OS_IDENTITY_API_VERSION='3'
export OS_CLIENT_CONFIG_FILE='$STATE/clouds.yaml'
export TRACK_IMAGE='$TRACK_IMAGE'
ENV
  if [[ $MODE == all ]]; then
    cat <<ENV
export TRACK_FLAVOR='$TRACK_FLAVOR'
export TRACK_NETWORK='none'
export TRACK_EXTERNAL_NETWORK='$TRACK_EXTERNAL_NETWORK'
ENV
  fi
}
(
  umask 077
  env_lines member "$TRACK_MEMBER_PASSWORD" member >"$STATE/env.sh"
  env_lines admin "$TRACK_ADMIN_PASSWORD" admin >"$STATE/admin-env.sh"
  echo "$MODE" >"$STATE/mode"
)
log "cloud up in $((SECONDS - started_at)) s ($MODE); settings in $STATE/env.sh (member), $STATE/admin-env.sh, $STATE/clouds.yaml"
cat "$STATE/env.sh"
exit
}
