// @guest-errors: errors thrown here are JavaScript errors inside the contract VM (what a contract catches).
/**
 * The JavaScript that builds `ctx` inside a fresh QuickJS context (DESIGN §7), evaluated before the
 * contract module. It captures the raw host functions in a closure, removes them from the global
 * object, stubs out nondeterministic globals with errors that say what to use instead, freezes every
 * intrinsic, and returns the function the engine calls. Bytes cross as 0x-hex strings.
 */
export const PRELUDE = String.raw`(function (host) {
  'use strict';
  const enc = JSON.stringify;
  const dec = JSON.parse;
  const banned = (what, instead) => function () { throw new TypeError(what + ' is not available in a contract: ' + instead); };
  Math.random = banned('Math.random', 'use ctx.random(n)');
  const NoDate = banned('Date', 'use ctx.block.timestamp');
  NoDate.now = NoDate.parse = NoDate.UTC = NoDate;
  globalThis.Date = NoDate;
  for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'WeakRef', 'FinalizationRegistry']) {
    delete globalThis[name];
  }
  delete globalThis.__host;
  const freezeAll = () => {
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      const value = globalThis[name];
      if ((typeof value === 'object' || typeof value === 'function') && value !== null) {
        Object.freeze(value);
        // Error prototypes stay writable: freezing them would make \`err.message = …\` and
        // \`this.name = …\` in subclasses fail (the "override mistake"); they hold no shared state.
        const isError = typeof value === 'function' && (value === Error || value.prototype instanceof Error);
        if (typeof value === 'function' && value.prototype && !isError) Object.freeze(value.prototype);
      }
    }
    for (const proto of [Object.getPrototypeOf(function () {}), Object.getPrototypeOf(function* () {}), Object.getPrototypeOf([][Symbol.iterator]())]) {
      Object.freeze(proto);
    }
  };
  const storage = Object.freeze({
    get(key) { const v = host.get(String(key)); return v === undefined ? undefined : dec(v); },
    set(key, value) {
      if (value === undefined) throw new TypeError('ctx.storage.set: the value must be JSON (use ctx.storage.delete to remove a key)');
      host.set(String(key), enc(value));
    },
    delete(key) { return host.del(String(key)); },
    has(key) { return host.has(String(key)); },
  });
  const keyHandle = (salt) => {
    salt = String(salt);
    const publicKey = host.keyPublic(salt);
    return Object.freeze({
      publicKey,
      sign(message) { return host.keySign(salt, message); },
      agree(peerPublicKey) { return host.keyAgree(salt, peerPublicKey); },
      exportSecret() { return host.keySecret(salt); },
    });
  };
  const crypto = Object.freeze({
    deriveKey: keyHandle,
    verify(publicKey, message, signature) { return host.verify(publicKey, message, signature); },
    blake2(data) { return host.blake2(data); },
    encrypt(key, plaintext) { return host.encrypt(key, plaintext); },
    decrypt(key, sealed) { return host.decrypt(key, sealed); },
  });
  const makeCtx = (env) => {
  const http = env.kind === 'query'
    ? Object.freeze({
        fetch(url, options) {
          return host.fetch(String(url), enc(options === undefined ? {} : options)).then((text) => {
            const r = dec(text);
            return Object.freeze({ status: r.status, ok: r.status >= 200 && r.status < 300, headers: r.headers, text: () => r.body, json: () => dec(r.body) });
          });
        },
      })
    : Object.freeze({ fetch() { throw new TypeError('ctx.http.fetch is available in queries only (commands must be deterministic)'); } });
  const ctx = Object.freeze({
    caller: env.caller,
    self: env.self,
    block: Object.freeze({ number: env.block.number, timestamp: env.block.timestamp }),
    storage,
    emit(name, data) { host.emit(String(name), enc(data === undefined ? null : data)); },
    crypto,
    random(n) { return host.random(n); },
    http,
    call(address, method, args, options) {
      const list = args === undefined ? [] : args;
      if (!Array.isArray(list)) throw new TypeError('ctx.call(address, method, args): args must be an array');
      const gas = options !== undefined && options !== null ? options.gasLimit : undefined;
      return host.call(String(address), String(method), enc(list), gas).then((text) => dec(text));
    },
  });
  return ctx;
  };
  freezeAll();
  return function invoke(mod, kind, method, argsJson, envJson) {
    const ctx = makeCtx(dec(envJson));
    const def = mod.default;
    if (def === null || typeof def !== 'object') throw new TypeError('the contract module must export default { init, tx, query }');
    const args = dec(argsJson);
    if (!Array.isArray(args)) throw new TypeError('the arguments must be a JSON array');
    let fn;
    let self = def;
    if (kind === 'init') {
      fn = def.init;
      if (fn === undefined) return Promise.resolve('null');
    } else {
      self = def[kind];
      fn = self !== null && typeof self === 'object' && Object.prototype.hasOwnProperty.call(self, method) ? self[method] : undefined;
    }
    if (typeof fn !== 'function') throw new TypeError('the contract has no ' + kind + ' method "' + method + '"');
    return Promise.resolve(fn.apply(self, [ctx, ...args])).then((value) => {
      const text = enc(value);
      return text === undefined ? 'null' : text;
    });
  };
})(__host)`;
