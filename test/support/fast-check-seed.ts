/**
 * Property tests explore new random cases on every developer run, but CI must be reproducible: with CI set,
 * fast-check runs from one fixed seed (override with FC_SEED=n to replay a developer's failure anywhere).
 */
import fc from "fast-check";

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261125 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed: seed });
