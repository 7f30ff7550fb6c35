/**
 * The first script of every sandbox context (student's or a check's), as source text. It runs before
 * any other code of the context, captures the built-ins it needs (so later patches of prototypes or
 * globals in that context cannot change it), and returns the context's API to the grader's code:
 * module loading, console capture, forbidden-name sentinels, and calls across the boundary.
 *
 * Values cross only as JSON strings (primitives): the grader never hands an object of its own realm
 * to student code, and student code never hands an object to the checks (see sandbox.ts).
 * Written without for-of, spread of arrays or prototype methods after set-up: those dispatch
 * through prototypes a student may have patched by the time the API is used.
 */
export const TAG = "__descent_tag__";

export const PRELUDE = String.raw`(function (configJson, hostCall, hostLoad) {
  "use strict";
  const G = globalThis;
  const parse = JSON.parse, stringify = JSON.stringify;
  const defineProperty = Object.defineProperty, create = Object.create, keys = Object.keys;
  const isArray = Array.isArray, apply = Reflect.apply;
  const ProxyC = Proxy, ErrorC = Error, StringC = String, ReferenceErrorC = ReferenceError;
  const sliceStr = String.prototype.slice;
  const TAG = "${TAG}";
  const config = parse(configJson);
  const limit = config.outputLimit;
  let output = "", dropped = 0, forbidden = "";
  const note = (what) => { if (forbidden.length < 4000) forbidden += what + "\n"; };

  function show(x) {
    try {
      if (typeof x === "string") return x;
      if (typeof x === "object" && x !== null) { const s = stringify(x); return typeof s === "string" ? s : StringC(x); }
      return StringC(x);
    } catch (e) { return "[unprintable]"; }
  }
  function write(args) {
    let line = "";
    for (let i = 0; i < args.length; i++) line += (i ? " " : "") + show(args[i]);
    line += "\n";
    if (output.length + line.length > limit) dropped += line.length; else output += line;
  }
  const consoleObject = create(null);
  const methods = ["log", "info", "warn", "error", "debug", "dir", "table", "trace"];
  for (let i = 0; i < methods.length; i++) defineProperty(consoleObject, methods[i], { value: function () { write(arguments); }, enumerable: true });
  defineProperty(G, "console", { value: consoleObject, writable: true, configurable: true });

  // Names of the host platform: using one is recorded as a forbidden attempt, and fails.
  const names = config.forbidden;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    defineProperty(G, name, { get() { note(name); throw new ReferenceErrorC(name + " is not available while grading"); }, configurable: false });
  }

  // Code from strings is off for the whole context (codeGeneration); these make an attempt visible.
  const EvalErrorC = EvalError;
  const blocked = function () { note("code from strings (eval, Function)"); throw new EvalErrorC("code from strings (eval, new Function) is not available while grading"); };
  const constructors = [function () {}, function* () {}, async function () {}, async function* () {}];
  for (let i = 0; i < constructors.length; i++) defineProperty(Object.getPrototypeOf(constructors[i]), "constructor", { value: blocked, writable: true, configurable: true });
  defineProperty(G, "eval", { value: blocked, writable: true, configurable: true });
  defineProperty(G, "Function", { value: blocked, writable: true, configurable: true });

  // Modules: bundled library code, compiled into this context by the grader on first use (hostLoad),
  // one copy per context. Node built-ins are empty objects: library code that would touch files fails
  // when it runs, not when its module loads.
  const factories = create(null), requiresOf = create(null), cache = create(null);
  const builtin = create(null);
  function load(id) {
    if (apply(sliceStr, id, [0, 8]) === "builtin:") return builtin;
    const cached = cache[id];
    if (cached !== undefined) return cached.exports;
    if (factories[id] === undefined) {
      let ok = false;
      try { ok = hostLoad(id); } catch (e) { ok = false; }
      if (ok !== true) throw new ErrorC("Cannot load '" + id + "' while grading");
    }
    const module = create(null);
    module.exports = {};
    cache[id] = module;
    const table = requiresOf[id];
    const req = function (spec) {
      const target = table[spec];
      if (typeof target !== "string") throw new ErrorC("Cannot load '" + spec + "' while grading");
      return load(target);
    };
    try { apply(factories[id], undefined, [module.exports, req, module]); }
    catch (e) { cache[id] = undefined; throw e; }
    return module.exports;
  }
  const ns = config.namespace, named = config.named, stars = config.stars;
  const namespaceNames = keys(ns).concat(keys(named));
  function part(key, id) {
    try { return load(id); }
    catch (e) { throw new ErrorC("d." + key + " is not available while grading (" + describe(e) + ")"); }
  }
  function lookup(key) {
    if (typeof ns[key] === "string") return part(key, ns[key]);
    const nm = named[key];
    if (nm !== undefined) return part(key, nm[0])[nm[1]];
    for (let i = 0; i < stars.length; i++) {
      let m;
      try { m = load(stars[i]); } catch (e) { continue; }
      if (key in m) return m[key];
    }
    return NOTHING;
  }
  const NOTHING = create(null);
  const namespace = new ProxyC(create(null), {
    get(target, key) {
      if (typeof key !== "string") return undefined;
      const v = lookup(key);
      if (v !== NOTHING) return v;
      if (key === "then" || key === "default" || key === "__esModule") return undefined;
      throw new ErrorC("d." + key + " is not available while grading");
    },
    has(target, key) { return typeof key === "string" && lookup(key) !== NOTHING; },
    ownKeys() { return namespaceNames; },
    getOwnPropertyDescriptor(target, key) { const v = typeof key === "string" ? lookup(key) : NOTHING; return v === NOTHING ? undefined : { value: v, enumerable: true, configurable: true }; },
  });
  function importModule(spec) {
    if (typeof spec !== "string") throw new ErrorC("import: a module name is expected");
    if (spec === "./src" || spec === "./src/index") return namespace;
    const id = config.entries[spec];
    if (typeof id === "string") return load(id);
    if (apply(sliceStr, spec, [0, 6]) === "./src/") throw new ErrorC("'" + spec + "' cannot be imported while grading: use ./src");
    note("import " + spec);
    throw new ErrorC("'" + spec + "' is not available while grading");
  }
  defineProperty(G, config.importFunction, { value: importModule, configurable: false, writable: false });
  defineProperty(G, "exports", { value: {}, writable: true, configurable: true });

  // Data from the other side of the boundary: JSON with tagged values, revived in this realm.
  function revive(v) {
    if (typeof v !== "object" || v === null) return v;
    if (isArray(v)) { for (let i = 0; i < v.length; i++) v[i] = revive(v[i]); return v; }
    const tag = v[TAG];
    if (tag !== undefined) {
      if (tag === "NaN") return NaN;
      if (tag === "Infinity") return Infinity;
      if (tag === "-Infinity") return -Infinity;
      if (tag === "-0") return -0;
      if (tag === "undefined") return undefined;
      if (tag === "fn") return stub(v.id);
      const o = create(null); o.unsupported = StringC(tag); return o;
    }
    const ks = keys(v);
    for (let i = 0; i < ks.length; i++) v[ks[i]] = revive(v[ks[i]]);
    return v;
  }
  const decode = (json) => revive(parse(json));

  // A function of the other side: calling it sends the arguments as data and returns the answer as data.
  function stub(id) {
    return function () {
      const args = [];
      for (let i = 0; i < arguments.length; i++) defineProperty(args, i, { value: arguments[i], enumerable: true, writable: true, configurable: true });
      let reply;
      try { reply = hostCall(id, args); } catch (e) { throw new ErrorC("the call across the grading boundary failed"); }
      if (typeof reply !== "string") throw new ErrorC("the call across the grading boundary failed");
      const body = apply(sliceStr, reply, [1]);
      if (reply[0] === "R") return decode(body);
      const err = new ErrorC(body);
      if (reply[0] === "T") err.name = "TimeoutError";
      throw err;
    };
  }

  function describe(e) {
    try {
      if (typeof e === "object" && e !== null) {
        const m = e.message, n = e.name;
        return (typeof n === "string" ? n : "Error") + ": " + (typeof m === "string" ? m : "(an error without a message)");
      }
      if (typeof e === "symbol") return "a symbol was thrown";
      return "a value was thrown: " + StringC(e);
    } catch (x) { return "an error whose message could not be read"; }
  }

  // One pending call, run by the script named runKey (so that vm's timeout covers it).
  let pending = null, outcome = null;
  defineProperty(G, config.runKey, { value: function () {
    const p = pending; pending = null; outcome = create(null);
    if (p === null) return;
    try { outcome.value = apply(p.fn, undefined, p.args); outcome.ok = true; }
    catch (e) { outcome.ok = false; outcome.error = describe(e); }
  }, configurable: false, writable: false, enumerable: false });

  return {
    register(id, factory, requiresJson) { if (typeof id === "string") { factories[id] = factory; requiresOf[id] = parse(requiresJson); } },
    prepareCall(fn, argsJson) { const p = create(null); p.fn = fn; p.args = decode(argsJson); pending = p; },
    outcomeOk() { return outcome !== null && outcome.ok === true; },
    outcomeValue() { return outcome === null ? undefined : outcome.value; },
    outcomeError() { return outcome === null ? "no result" : outcome.error; },
    describe,
    defineGlobal(name, json) { defineProperty(G, name, { value: decode(json), writable: true, configurable: true }); },
    defineStub(name) { defineProperty(G, name, { value: stub(name), writable: true, configurable: true }); },
    takeOutput() { const o = output + (dropped ? "[… " + dropped + " characters of output dropped: over the output limit]\n" : ""); output = ""; dropped = 0; return o; },
    takeForbidden() { const f = forbidden; forbidden = ""; return f; },
  };
})`;
