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

export interface IpListList {
  lists: IpList[];
}

export interface IpListAnswer {
  list: IpList;
}

export interface IpListImported {
  list: IpList;
  imported: number;
}
