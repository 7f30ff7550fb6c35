/*
 * Descent's native float64 kernels, loaded by native-kernels.ts when kernel-setup/native.sh could
 * build them (a C compiler and Node's headers are present; otherwise the JS and wasm paths run).
 *
 *   adam      torch 1.13's Adam/AdamW step with the operations, in the order, of the reference loop
 *             in src/optim/torch/adam.ts: every lane is one correctly rounded IEEE operation after
 *             another, so the results are bit-identical to that loop (tests/optim-native.test.ts).
 *   allFinite whether every entry of two arrays is finite (src/optim/state.ts `allFinite`).
 *   isa       which instruction set the loader picked (GCC target_clones: "avx512f" for x86-64-v4,
 *             "avx2" for x86-64-v3, i.e. AVX2 with FMA, or "default").
 *
 * The scalar layout and the variant table come from adam-layout.h, generated from
 * src/optim/accelerated/adam-layout.ts (the wasm kernel reads the same definition).
 *
 * No -ffast-math and -ffp-contract=off: a fused multiply-add rounds once where the JS loop rounds
 * twice, and reassociation would change sums. The flags below are part of the source hash the
 * binary's file name carries, so changing them rebuilds it.
 * build flags: -O3 -ffp-contract=off -fno-math-errno -fPIC -shared
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "adam-layout.h"

/* One copy of each hot function per instruction set, picked at load time (x86-64 with GCC only). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* x86-64-v3 is AVX2 with FMA, which the quotient below needs in hardware (plain "avx2" has no FMA). */
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

/*
 * a / b, correctly rounded like the division itself, with one division per step instead of one per
 * entry (Markstein 1990; Muller et al., Handbook of Floating-Point Arithmetic, "Markstein's theorem"):
 * with y = RN(1/b) and q = RN(a·y), the remainder r = RN(a − b·q) of an FMA and RN(q + r·y) =
 * RN(a/b). Markstein's theorem asks for q within one ulp of a/b, which RN(a·y) is not always (it
 * can be 1.5 ulps off); the proof that covers that case is in src/optim/accelerated/wasm/adam-quotient.ts
 * ("the fused form": the wasm kernel performs these same three operations). Here a = √v ≥ 0 with v
 * finite, so a is 0 or ≥ 2^-537 and r cannot underflow, and b = √(1 − β₂ᵗ) lies in [2^-27, 1] (β₂ < 1), so a/b
 * cannot overflow. Where r is 0, q·b = a exactly, so q is the quotient (and keeps the sign of a = −0);
 * where r is NaN, a is +∞ (v overflowed) or NaN, and q (+∞ or NaN) is again the quotient.
 */
static inline __attribute__((always_inline)) double quotient(double a, double b, double y) {
  const double q = a * y;
  const double r = fma(-q, b, a);
  return r != 0 && r == r ? fma(r, y, q) : q;
}

/*
 * One Adam step (Kingma & Ba 2015; AdamW: Loshchilov & Hutter 2019) as torch's _single_tensor_adam
 * computes it, line for line with adam.ts. The flags are compile-time constants in each case of the
 * switch below, so every variant is its own loop.
 */
static inline __attribute__((always_inline)) void adam_loop(
    double *restrict x, const double *restrict g, double *restrict m, double *restrict v,
    double *restrict vmax, int64_t n, const double *s,
    const bool maximize, const int decay_mode, const bool amsgrad) {
  const double beta1 = s[ADAM_BETA1], beta2 = s[ADAM_BETA2];
  const double one_minus_beta1 = s[ADAM_ONE_MINUS_BETA1], one_minus_beta2 = s[ADAM_ONE_MINUS_BETA2];
  const double eps = s[ADAM_EPS], wd = s[ADAM_WEIGHT_DECAY], decay = s[ADAM_DECAY];
  const double neg_step_size = s[ADAM_NEG_STEP_SIZE], bc2_sqrt = s[ADAM_BIAS_CORRECTION2_SQRT];
  const double inv_bc2_sqrt = 1.0 / bc2_sqrt;
  for (int64_t i = 0; i < n; i++) {
    double gi = maximize ? -g[i] : g[i];
    double xi = x[i];
    if (decay_mode == DECAY_DECOUPLED) xi = xi * decay;
    if (decay_mode == DECAY_COUPLED) gi = gi + wd * xi;
    const double mi = m[i] * beta1 + one_minus_beta1 * gi;
    double vi = v[i] * beta2 + one_minus_beta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    if (amsgrad) {
      const double seen = vmax[i];
      vi = seen > vi ? seen : vi; /* the JS ternary: NaN in vi is kept */
      vmax[i] = vi;
    }
    const double denom = quotient(sqrt(vi), bc2_sqrt, inv_bc2_sqrt) + eps;
    x[i] = xi + (neg_step_size * mi) / denom;
  }
}

#define ADAM_CASE(CODE, MAX, DECAY, AMS) \
  case CODE: adam_loop(x, g, m, v, vmax, n, s, MAX, DECAY, AMS); break;

CLONES
static void adam_dispatch(double *x, const double *g, double *m, double *v, double *vmax, int64_t n,
                          const double *s, int variant) {
  switch (variant) {
    ADAM_VARIANTS(ADAM_CASE)
    default: break;
  }
}

/*
 * x − x is +0 for finite x and NaN for ±Infinity or NaN, so the sums stay 0 exactly when every
 * entry is finite. Back to front: the update that follows walks front to back and finds the first
 * entries it needs still in cache.
 */
CLONES
static bool all_finite(const double *restrict a, const double *restrict b, int64_t n) {
  double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  const int64_t whole = n & ~(int64_t)7;
  double tail = 0;
  for (int64_t i = n - 1; i >= whole; i--) tail += (a[i] - a[i]) + (b[i] - b[i]);
  for (int64_t i = whole - 8; i >= 0; i -= 8) {
    for (int k = 0; k < 8; k++) acc[k] += (a[i + k] - a[i + k]) + (b[i + k] - b[i + k]);
  }
  double sum = tail;
  for (int k = 0; k < 8; k++) sum += acc[k];
  return sum == 0;
}

/* ---- Node-API glue ------------------------------------------------------------------------ */

typedef struct {
  double *data;
  size_t length;
} f64_view;

/* A Float64Array argument, or false (and a pending JS exception) when the value is not one. */
static bool f64_arg(napi_env env, napi_value value, const char *fn, const char *name, f64_view *out) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void *data;
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, value, &type, &out->length, &data, &buffer, &offset) != napi_ok ||
      type != napi_float64_array) {
    char msg[160];
    snprintf(msg, sizeof msg, "%s: parameter '%s' must be a Float64Array", fn, name);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  out->data = (double *)data;
  return true;
}

static bool overlap(const f64_view *a, const f64_view *b) {
  const char *a0 = (const char *)a->data, *b0 = (const char *)b->data;
  return a0 < b0 + b->length * 8 && b0 < a0 + a->length * 8;
}

/* adam(x, g, m, v, vmax, variant, scalars) → elements updated: x.length, or 0 when the arrays
 * overlap or differ in length (the JS loop then does the step). The scalars come in one
 * Float64Array laid out as adam-layout.h says. */
static napi_value Adam(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value args[7];
  napi_get_cb_info(env, info, &argc, args, NULL, NULL);
  if (argc != 7) {
    napi_throw_error(env, NULL, "native adam: expected 7 arguments");
    return NULL;
  }
  static const char *names[6] = {"x", "g", "m", "v", "vmax", "scalars"};
  f64_view arrays[6];
  for (int i = 0; i < 6; i++) {
    if (!f64_arg(env, args[i == 5 ? 6 : i], "native adam", names[i], &arrays[i])) return NULL;
  }
  int32_t variant;
  napi_get_value_int32(env, args[5], &variant);
  const int64_t n = (int64_t)arrays[0].length;
  bool usable = variant >= 0 && variant < ADAM_VARIANT_COUNT && arrays[5].length == ADAM_SCALAR_COUNT;
  for (int i = 1; i < 5; i++) usable = usable && (int64_t)arrays[i].length == n;
  for (int i = 0; i < 5 && usable; i++) {
    for (int j = i + 1; j < 5; j++) usable = usable && !overlap(&arrays[i], &arrays[j]);
  }
  napi_value result;
  if (!usable) {
    napi_create_int32(env, 0, &result);
    return result;
  }
  adam_dispatch(arrays[0].data, arrays[1].data, arrays[2].data, arrays[3].data, arrays[4].data, n, arrays[5].data, variant);
  napi_create_double(env, (double)n, &result);
  return result;
}

/* allFinite(a, b) → whether every entry of both is finite (a and b of equal length). */
static napi_value AllFinite(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2];
  napi_get_cb_info(env, info, &argc, args, NULL, NULL);
  f64_view a, b;
  if (argc != 2 || !f64_arg(env, args[0], "native allFinite", "a", &a) || !f64_arg(env, args[1], "native allFinite", "b", &b)) {
    if (argc != 2) napi_throw_error(env, NULL, "native allFinite: expected 2 arguments");
    return NULL;
  }
  if (a.length != b.length) {
    napi_throw_range_error(env, NULL, "native allFinite: parameters 'a' and 'b' must have equal lengths");
    return NULL;
  }
  napi_value result;
  napi_get_boolean(env, all_finite(a.data, b.data, (int64_t)a.length), &result);
  return result;
}

static napi_value Isa(napi_env env, napi_callback_info info) {
  (void)info;
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  __builtin_cpu_init();
  const char *isa = __builtin_cpu_supports("x86-64-v4") ? "avx512f" : __builtin_cpu_supports("x86-64-v3") ? "avx2" : "default";
#else
  const char *isa = "default";
#endif
  napi_value result;
  napi_create_string_utf8(env, isa, NAPI_AUTO_LENGTH, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "adam", NAPI_AUTO_LENGTH, Adam, NULL, &fn);
  napi_set_named_property(env, exports, "adam", fn);
  napi_create_function(env, "allFinite", NAPI_AUTO_LENGTH, AllFinite, NULL, &fn);
  napi_set_named_property(env, exports, "allFinite", fn);
  napi_create_function(env, "isa", NAPI_AUTO_LENGTH, Isa, NULL, &fn);
  napi_set_named_property(env, exports, "isa", fn);
  return exports;
}
