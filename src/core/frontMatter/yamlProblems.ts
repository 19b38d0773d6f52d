// What a YAML mistake means, in words a note writer knows. js-yaml's reasons ("bad indentation of
// a mapping entry", "unexpected end of the stream within a single quoted scalar") name the
// parser's state, not the writer's slip; the common ones are mapped here to a sentence and what to
// do. The parser's words stay in the message as detail. Plain string tests only: linear.

/**
 * A sentence for js-yaml's `reason` about the YAML line `lineText` (the line the error points at),
 * or null when the reason is not one of the common ones.
 */
export function plainYamlReason(reason: string, lineText: string): string | null {
  if (reason.startsWith('unexpected end of the stream within a single quoted scalar')) {
    return "a ' quote is not closed; end the value with ' (write '' for a quote inside it)";
  }
  if (reason.startsWith('unexpected end of the stream within a double quoted scalar')) {
    return 'a " quote is not closed; end the value with " (write \\" for a quote inside it)';
  }
  if (
    reason.startsWith('unexpected end of the stream within a flow collection') ||
    reason.startsWith('missed comma between flow collection entries')
  ) {
    return 'a [ or { list is not closed, or a comma is missing between its items; write it as [a, b]';
  }
  if (reason.startsWith('duplicated mapping key')) return 'this key appears twice; keep one of them';
  if (reason.startsWith('tab characters must not be used in indentation')) return 'a tab is used to indent; YAML needs spaces';
  if (reason.startsWith('the stream contains non-printable characters')) {
    return 'the line holds an invisible control character; delete and retype it';
  }
  if (reason.startsWith('unknown tag')) return 'the value starts with "!", which YAML reads as a type; put the value in quotes';
  if (reason.startsWith('unidentified alias') || reason.startsWith('name of an alias node')) {
    return 'the value starts with "*", which YAML reads as a reference; put the value in quotes';
  }
  if (reason.startsWith('name of an anchor node'))
    return 'the value starts with "&", which YAML reads as an anchor; put the value in quotes';
  if (reason.startsWith("expected the node content, but found ','"))
    return 'a list has an empty item (two commas in a row, or a comma first)';
  if (reason.startsWith('unknown escape sequence')) {
    return 'a backslash in a "double-quoted" value starts an escape YAML does not know; use single quotes, or write \\\\';
  }
  if (
    reason.startsWith('end of the stream or a document separator is expected') ||
    reason.startsWith('can not read a block mapping entry') ||
    reason.startsWith('can not read an implicit mapping pair') ||
    reason.startsWith('incomplete explicit mapping pair')
  ) {
    // js-yaml notices this one line late: the slip is usually on the line before.
    return 'the line before this one (or this one) is not "key: value": a colon is missing, or a value goes on over two lines; write one "key: value" per line';
  }
  if (reason.startsWith('bad indentation of a mapping entry') || reason.startsWith('bad indentation of a sequence entry')) {
    return indentationOrValue(lineText);
  }
  return null;
}

/** js-yaml says "bad indentation" for several slips; the line itself tells which one it was. */
function indentationOrValue(lineText: string): string {
  const line = lineText.trim();
  const colon = line.indexOf(': ');
  const value = colon < 0 ? '' : line.slice(colon + 2).trim();
  if (value.includes(': ')) return 'the value holds ": ", which YAML reads as a second key; put the value in quotes';
  const first = value.charAt(0);
  if (first === '@' || first === '`' || first === '%') {
    return `the value starts with "${first}", which YAML reserves; put the value in quotes`;
  }
  if ((first === '"' || first === "'") && value.lastIndexOf(first) > 0 && !value.endsWith(first)) {
    return 'text follows the closing quote; put the whole value in quotes';
  }
  return 'this line is indented differently from the lines around it; line up keys (and list items) at the same depth with spaces';
}
