/** The real local D1, except that its batch() fails: what a D1 outage looks like to the Worker. */
export function failingBatches(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === "batch") {
        return async () => {
          throw new Error("D1_ERROR: injected failure");
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
