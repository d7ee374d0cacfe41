export { mountTmpfs, TMPFS_UNAVAILABLE } from './tmpfs';
