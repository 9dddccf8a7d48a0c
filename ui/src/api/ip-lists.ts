import type {
  IpListAnswer,
  IpListChanges,
  IpListImport,
  IpListImported,
  IpListList,
  NewIpList,
} from "../../../worker/model/wire/ip-lists.ts";

export type {
  IpList,
  IpListChanges,
  IpListImport,
  IpListKind,
  NewIpList,
} from "../../../worker/model/wire/ip-lists.ts";

import { request } from "./client";

type Opts = { signal?: AbortSignal };

export const ipListsApi = {
  list: (opts?: Opts) => request<IpListList>("GET", "/ip-lists", undefined, opts),
  /** 409 when a list of that name exists. */
  create: (list: NewIpList) => request<IpListAnswer>("POST", "/ip-lists", list),
  update: (id: number, changes: IpListChanges) => request<IpListAnswer>("PATCH", `/ip-lists/${id}`, changes),
  /** 400 naming the line of the first entry that is not an address or network. */
  importFile: (id: number, file: IpListImport) => request<IpListImported>("POST", `/ip-lists/${id}/import`, file),
  remove: (id: number) => request<undefined>("DELETE", `/ip-lists/${id}`),
};
