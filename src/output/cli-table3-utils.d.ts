/** cli-table3's internal width measure, which it pads and truncates with; it ships no types for it. */
declare module 'cli-table3/src/utils.js' {
  const utils: { strlen(text: string): number };
  export default utils;
}
