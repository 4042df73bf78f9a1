/** Injection token of the {@link Cluster} (Redis when configured, this process alone otherwise). */
export const CLUSTER = Symbol('CLUSTER');
