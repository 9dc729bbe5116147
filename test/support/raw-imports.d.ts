// Vite's `?raw` imports (a file's text), used to compare committed docs with what the Worker says.
declare module "*.md?raw" {
  const text: string;
  export default text;
}
