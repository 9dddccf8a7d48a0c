import { request } from "./client";

export type IpListKind = "allow" | "deny";

/** One named list of addresses and CIDR networks (worker/http/routes/ip-lists.ts presentIpList). */
export interface IpList {
  id: number;
  /** Also the Sigma placeholder `%name%`. */
  name: string;
  kind: IpListKind;
  description: string;
  entries: string[];
  entry_count: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface NewIpList {
  name: string;
  kind: IpListKind;
  description?: string;
  entries?: string[];
}

export interface IpListChanges {
  kind?: IpListKind;
  description?: string;
  entries?: string[];
}

export interface IpListImport {
  content: string;
  format: "text" | "csv";
  mode: "replace" | "append";
}

type Opts = { signal?: AbortSignal };

export const ipListsApi = {
  list: (opts?: Opts) => request<{ lists: IpList[] }>("GET", "/ip-lists", undefined, opts),
  /** 409 when a list of that name exists. */
  create: (list: NewIpList) => request<{ list: IpList }>("POST", "/ip-lists", list),
  update: (id: number, changes: IpListChanges) => request<{ list: IpList }>("PATCH", `/ip-lists/${id}`, changes),
  /** 400 naming the line of the first entry that is not an address or network. */
  importFile: (id: number, file: IpListImport) =>
    request<{ list: IpList; imported: number }>("POST", `/ip-lists/${id}/import`, file),
  remove: (id: number) => request<undefined>("DELETE", `/ip-lists/${id}`),
};
