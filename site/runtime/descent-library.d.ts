/** The library's browser entry, aliased by site/generator/bundle.ts (src/browser.ts, or a stand-in in tests). */
declare module "descent-library" {
  const library: { [name: string]: unknown };
  export = library;
}
