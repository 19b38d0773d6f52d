// Front matter: where it is (locate.ts), what it says (read.ts; the usual shape straight from bytes
// in fastReader.ts), how to change one key (edit.ts). Only yaml.ts touches a YAML library. Why not
// gray-matter: see the README's "Notes format" section.
export { frontMatterFieldEdit, yamlScalar, type FrontMatterValue } from './edit';
export { fastFrontMatter, FastFrontMatter } from './fastReader';
export { frontMatterLineCount, isYamlLanguage, locateFrontMatter, type FrontMatterBlock, type LocatedFrontMatter } from './locate';
export { frontMatterKeyLine, splitFrontMatter, type FrontMatterIssue, type SplitFrontMatter, type SplitOptions } from './read';
