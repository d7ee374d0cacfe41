/** Entry of a cinder-stress worker thread (`run --workers N`). */
import { workerMain } from './run/worker-thread';

void workerMain();
