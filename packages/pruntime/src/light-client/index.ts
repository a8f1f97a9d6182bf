export { LightClient, type SyncPosition } from './light-client.js';
