/**
 * The textual condition language.
 *
 * ```
 * condition  := or
 * or         := and ("or" and)*
 * and        := unary ("and" unary)*
 * unary      := "not" unary | "(" condition ")" | "exists" "(" reference ")"
 *             | "contains" "(" operand "," operand ")" | operand (cmp operand)?
 * cmp        := "==" | "!=" | ">" | ">=" | "<" | "<=" | "in"
 * operand    := reference | string | number | "true" | "false" | "null"
 *             | "[" (operand ("," operand)*)? "]" | "{" (string ":" operand ("," …)*)? "}"
 * ```
 * Examples: `steps.check.output.status == 200 and (input.env in ["staging", "prod"] or not exists(input.tag))`,
 * `contains(steps.triage.output.labels, "bug")`. A lone reference means `== true`.
 *
 * In the AST (`Condition` in ir.ts) operands are ordinary Values: a reference operand is
 * stored as the value string `"{{ <reference> }}"`; string literals are stored as they are
 * (so a string literal may itself be a template, `"https://{{ env.HOST }}/"`). `exists`
 * stores the bare reference text (`input.tag`).
 * @module
 */
import { type Result, fail, ok } from '../codes';
import type { ComparisonOp, Condition, Value } from '../ir';
import { LexError, type Token, tokenize } from './condition-lexer';
import { parseReference } from './reference';
import { parseValueString } from './value-string';

const CMP: Record<string, ComparisonOp> = { '==': 'eq', '!=': 'ne', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte', in: 'in' };

const MAX_DEPTH = 100;

class ParseError {
  constructor(
    readonly message: string,
    readonly pos: number,
    readonly hint: string,
  ) {}
}

/** Parse the textual form into a Condition. Errors: FLOW_INVALID_CONDITION with the column and a hint. */
export function parseCondition(text: string): Result<Condition> {
  if (typeof text !== 'string') return issue(String(text), new ParseError('a condition must be a string', 0, 'write e.g. input.enabled == true'));
  const tokens = tokenize(text);
  if (tokens instanceof LexError) return issue(text, tokens);
  try {
    const p = new Parser(tokens);
    if (p.peek().kind === 'eof') throw new ParseError('the condition is empty', 0, 'write e.g. input.enabled == true');
    const c = p.condition();
    const t = p.peek();
    if (t.kind !== 'eof') throw new ParseError(`unexpected ${describe(t)}`, t.pos, 'join conditions with "and" / "or"');
    return ok(c);
  } catch (e) {
    if (e instanceof ParseError) return issue(text, e);
    throw e;
  }
}

function issue(text: string, e: { message: string; pos: number; hint: string }): Result<never> {
  return fail({
    code: 'FLOW_INVALID_CONDITION',
    message: `Invalid condition ${JSON.stringify(text)} at column ${e.pos + 1}: ${e.message}`,
    hint: e.hint,
  });
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'end of condition' : `"${t.text}"`;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.i] ?? this.tokens[this.tokens.length - 1]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.text === word;
  }
  private expect(text: string, hint: string): Token {
    const t = this.next();
    if (t.text !== text || t.kind === 'string') throw new ParseError(`expected "${text}", found ${describe(t)}`, t.pos, hint);
    return t;
  }

  condition(): Condition {
    const first = this.and();
    if (!this.isWord('or')) return first;
    const conditions = [first];
    while (this.isWord('or')) {
      this.next();
      conditions.push(this.and());
    }
    return { op: 'or', conditions };
  }

  private and(): Condition {
    const first = this.unary();
    if (!this.isWord('and')) return first;
    const conditions = [first];
    while (this.isWord('and')) {
      this.next();
      conditions.push(this.unary());
    }
    return { op: 'and', conditions };
  }

  private unary(): Condition {
    const t = this.peek();
    this.enter(t);
    try {
      return this.unaryInner(t);
    } finally {
      this.depth--;
    }
  }

  private depth = 0;
  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) throw new ParseError('the condition is nested too deeply', t.pos, 'simplify the condition');
  }

  private unaryInner(t: Token): Condition {
    if (this.isWord('not')) {
      this.next();
      return { op: 'not', condition: this.unary() };
    }
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const c = this.condition();
      this.expect(')', 'close the parenthesis');
      return c;
    }
    if (this.isWord('exists')) {
      this.next();
      this.expect('(', 'write exists(<reference>)');
      const r = this.next();
      if (r.kind !== 'ref') throw new ParseError(`exists() takes a reference, found ${describe(r)}`, r.pos, 'write e.g. exists(input.tag)');
      const ref = this.reference(r);
      this.expect(')', 'write exists(<reference>)');
      return { op: 'exists', ref };
    }
    if (this.isWord('contains')) {
      this.next();
      this.expect('(', 'write contains(<list or string>, <value>)');
      const left = this.operand();
      this.expect(',', 'write contains(<list or string>, <value>)');
      const right = this.operand();
      this.expect(')', 'write contains(<list or string>, <value>)');
      return { op: 'contains', left, right };
    }
    const left = this.operand();
    const op = this.peek();
    const cmp = op.kind === 'op' || (op.kind === 'keyword' && op.text === 'in') ? CMP[op.text] : undefined;
    if (!cmp) {
      if (t.kind === 'ref') return { op: 'eq', left, right: true };
      throw new ParseError(`expected a comparison operator after ${describe(t)}, found ${describe(op)}`, op.pos, 'use one of == != > >= < <= in');
    }
    this.next();
    const right = this.operand();
    const after = this.peek();
    if (after.kind === 'op' || this.isWord('in')) {
      throw new ParseError(`comparisons cannot be chained (found ${describe(after)})`, after.pos, 'join comparisons with "and"');
    }
    return { op: cmp, left, right };
  }

  private reference(t: Token): string {
    const r = parseReference(t.text);
    if (!r.ok) {
      const first = r.issues[0];
      throw new ParseError(first?.message ?? 'invalid reference', t.pos, first?.hint ?? 'check the reference');
    }
    return r.value.text;
  }

  private operand(): Value {
    const t = this.next();
    this.enter(t);
    try {
      return this.operandInner(t);
    } finally {
      this.depth--;
    }
  }

  private operandInner(t: Token): Value {
    switch (t.kind) {
      case 'ref':
        return `{{ ${this.reference(t)} }}`;
      case 'string': {
        const s = JSON.parse(t.text) as string;
        const v = parseValueString(s);
        if (!v.ok) throw new ParseError(v.issues[0]?.message ?? 'invalid template', t.pos, v.issues[0]?.hint ?? '');
        return s;
      }
      case 'number': {
        const n = Number(t.text);
        if (!Number.isFinite(n)) throw new ParseError(`number ${t.text} is out of range`, t.pos, 'use a smaller number');
        return n === 0 ? 0 : n;
      }
      case 'keyword':
        if (t.text === 'true') return true;
        if (t.text === 'false') return false;
        if (t.text === 'null') return null;
        break;
      case 'punct':
        if (t.text === '[') return this.list(']', () => this.operand());
        if (t.text === '{') return Object.fromEntries(this.list('}', () => this.entry()));
        break;
      default:
        break;
    }
    throw new ParseError(
      `expected a value, found ${describe(t)}`,
      t.pos,
      'operands are references (input.x, steps.<id>.output.y), "strings", numbers, true, false, null or [lists]',
    );
  }

  private entry(): [string, Value] {
    const k = this.next();
    if (k.kind !== 'string') throw new ParseError(`expected a quoted key, found ${describe(k)}`, k.pos, 'write {"key": value}');
    this.expect(':', 'write {"key": value}');
    return [JSON.parse(k.text) as string, this.operand()];
  }

  private list<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    if (this.peek().text === close && this.peek().kind === 'punct') {
      this.next();
      return items;
    }
    for (;;) {
      items.push(item());
      const t = this.next();
      if (t.kind === 'punct' && t.text === close) return items;
      if (!(t.kind === 'punct' && t.text === ','))
        throw new ParseError(`expected "," or "${close}", found ${describe(t)}`, t.pos, `separate items with "," and close with "${close}"`);
    }
  }
}
