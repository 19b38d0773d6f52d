// The one module that uses a YAML library. js-yaml is required on first use, not at start-up:
// the byte reader (fastReader.ts) reads the usual front matter without it, so listing or checking
// the bundled notes never loads it. The build turns the `require` below into a separate bundle
// (dist/chunks/yaml.js, see esbuild.config.mjs) so that the CLI and the extension do not even
// parse the library until a note needs it.
//
// Notes are read with CORE_SCHEMA: no custom types can be constructed (`!!js/function` is an
// error), and dates such as `2022-12-18` stay strings instead of becoming Date objects that do
// not survive JSON.
import type * as JsYaml from 'js-yaml';

let library: typeof JsYaml | undefined;

function jsYaml(): typeof JsYaml {
  // A runtime require on purpose: an import would load (and bundle) the library at start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (library ??= require('js-yaml') as typeof JsYaml);
}

/** Parses YAML text as data only (CORE_SCHEMA). Throws js-yaml's exception on invalid YAML. */
export function loadYaml(text: string): unknown {
  const yaml = jsYaml();
  return yaml.load(text, { schema: yaml.CORE_SCHEMA, json: false });
}

/** YAML text for a value (js-yaml's default schema, as other tools read it). */
export function dumpYaml(value: unknown, options: JsYaml.DumpOptions = {}): string {
  return jsYaml().dump(value, options);
}

/** 1-based file line of a YAML error, given the file line of the YAML text's first line. */
export function yamlErrorLine(err: unknown, firstLine: number): number | null {
  const mark = (err as JsYaml.YAMLException).mark as { line?: number } | undefined;
  return mark && typeof mark.line === 'number' ? firstLine + mark.line : null;
}

/** The reason of a YAML error on one line, without js-yaml's code excerpt. */
export function yamlReason(err: unknown): string {
  const e = err as JsYaml.YAMLException;
  return (e.reason || e.message || String(err)).replace(/\s+/g, ' ').trim();
}
