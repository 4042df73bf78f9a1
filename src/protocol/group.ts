/** Group constants of the OpenIM model (spec/rest-semantics.md §9a). */

export enum GroupStatus {
  Normal = 0,
  Dismissed = 2,
  Muted = 3,
}

export enum RoleLevel {
  Owner = 100,
  Admin = 60,
  Member = 20,
}
