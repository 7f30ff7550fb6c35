/* Generated from src/optim/accelerated/adam-layout.ts by write-adam-layout.ts: do not edit. */
#ifndef DESCENT_ADAM_LAYOUT_H
#define DESCENT_ADAM_LAYOUT_H

/* Index of each per-step scalar in the Float64Array the kernel receives. */
enum { ADAM_BETA1 = 0, ADAM_BETA2 = 1, ADAM_ONE_MINUS_BETA1 = 2, ADAM_ONE_MINUS_BETA2 = 3, ADAM_EPS = 4, ADAM_WEIGHT_DECAY = 5, ADAM_DECAY = 6, ADAM_NEG_STEP_SIZE = 7, ADAM_BIAS_CORRECTION2_SQRT = 8, ADAM_SCALAR_COUNT = 9 };

enum { DECAY_NONE = 0, DECAY_COUPLED = 1, DECAY_DECOUPLED = 2 };

/* X(code, maximize, decay, amsgrad) for every variant. */
#define ADAM_VARIANTS(X) \
  X(0, 0, DECAY_NONE, 0) \
  X(1, 0, DECAY_NONE, 1) \
  X(2, 0, DECAY_COUPLED, 0) \
  X(3, 0, DECAY_COUPLED, 1) \
  X(4, 0, DECAY_DECOUPLED, 0) \
  X(5, 0, DECAY_DECOUPLED, 1) \
  X(6, 1, DECAY_NONE, 0) \
  X(7, 1, DECAY_NONE, 1) \
  X(8, 1, DECAY_COUPLED, 0) \
  X(9, 1, DECAY_COUPLED, 1) \
  X(10, 1, DECAY_DECOUPLED, 0) \
  X(11, 1, DECAY_DECOUPLED, 1)

#define ADAM_VARIANT_COUNT 12

#endif
