/**
 * The environment of every torch child process: one thread everywhere. torch.set_num_threads(1)
 * governs torch's own pool, not OpenBLAS's, which otherwise runs each product on every core
 * (seen here: torch's epoch CPU time twice its wall time), an unfair comparison with our single thread.
 */
export const TORCH_ENV: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
