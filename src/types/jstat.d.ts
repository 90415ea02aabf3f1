/** The part of jstat (CommonJS, no bundled types) that cutover uses. */
declare module 'jstat' {
  interface JStat {
    normal: { inv(p: number, mean: number, sd: number): number; cdf(x: number, mean: number, sd: number): number };
    studentt: { inv(p: number, dof: number): number };
    binomial: { cdf(k: number, n: number, p: number): number };
  }
  const jstat: { jStat: JStat };
  export default jstat;
}
