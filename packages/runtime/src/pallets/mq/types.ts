/** Size caps of the message queue. */
export const MQ_LIMITS = {
  /** Messages one block may queue (signed and pallet messages together). */
  maxOutbound: 10_000,
} as const;

/**
 * Topics the chain itself gives meaning to. Messages on these topics are accepted only from the
 * origin kind the routing table names (mq/routes.ts); any other topic is delivered as is.
 */
export const MQ_TOPICS = {
  /** Gatekeeper → chain: the MasterKey public key, payload SCALE [u8; 32]. */
  masterPubkey: 'phalanx/registry/master-pubkey',
  /** Gatekeeper → chain: a contract's public keys, payload SCALE `ContractKeysMessage`. */
  contractKeys: 'phalanx/phat/contract-keys',
  /** Phat pallet → gatekeepers: an instantiation request, payload SCALE `InstantiateRequest`. */
  instantiate: 'phalanx/phat/instantiate',
  /** Phat pallet → workers: a contract command, payload SCALE `CommandMessage`. */
  command: 'phalanx/phat/command',
  /** Phat pallet → gatekeepers: provision a worker added later, payload SCALE `ProvisionRequest`. */
  provision: 'phalanx/phat/provision',
  /** Contract (its replicas) → chain: encrypted call receipts, payload SCALE `ContractReceipts`. */
  receipts: 'phalanx/phat/receipts',
  /** Worker → chain: the answer to a heartbeat challenge, payload SCALE `HeartbeatAnswer`. */
  heartbeat: 'phalanx/registry/heartbeat',
} as const;
