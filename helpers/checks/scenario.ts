/** The annotation that ties a test to its row in regression-matrix.md (and its Allure story). */
export const scenario = (id: string) => ({ type: 'scenario', description: id });

/** The only tags a test may carry; the gate reporter fails the run on any other. */
export const KNOWN_TAGS = ['@critical', '@p1', '@data', '@nfr', '@readonly'] as const;
