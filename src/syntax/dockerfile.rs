//! Dockerfile syntax: `parse-dockerfile` (spans on every instruction, flag and argument,
//! heredocs, parser directives) behind a thin adapter that adds what rules need:
//! stages with `ARG` defaults resolved in `FROM`, stage inheritance, the effective `USER`,
//! and `KEY=value` argument splitting with exact spans.

pub use parse_dockerfile::{
    Command, Flag, FromInstruction, HealthcheckArguments, Instruction, UnescapedString,
};

use super::interp::{self, Expanded};
use crate::source::Span;

pub struct Dockerfile<'a> {
    pub text: &'a str,
    pub ast: parse_dockerfile::Dockerfile<'a>,
    pub stages: Vec<Stage>,
    /// `ARG`s declared before the first `FROM`, with their defaults.
    pub global_args: Vec<KeyValue>,
}

/// One build stage: the `FROM` and the instructions up to the next `FROM`.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// Index of the `FROM` in `ast.instructions`.
    pub from: usize,
    /// One past the last instruction of the stage in `ast.instructions`.
    pub end: usize,
    /// `AS name`, lowercased as Docker treats it, with its span.
    pub name: Option<(String, Span)>,
    /// The image operand as written and its span.
    pub image_raw: String,
    pub image_span: Span,
    /// The image after substituting global `ARG` defaults.
    pub image: Expanded,
    /// The earlier stage this one builds on (`FROM builder`).
    pub parent: Option<usize>,
}

/// `KEY=value` (or `KEY value` for legacy ENV) with spans in the file.
#[derive(Debug, Clone)]
pub struct KeyValue {
    pub key: String,
    pub key_span: Span,
    pub value: Option<String>,
    pub value_span: Option<Span>,
}

#[derive(Debug, Clone)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub fn parse(text: &str) -> Result<Dockerfile<'_>, ParseError> {
    let ast = parse_dockerfile::parse(text).map_err(|e| ParseError {
        line: e.line(),
        column: e.column(),
        message: first_line(&e.to_string()),
    })?;
    let mut global_args = Vec::new();
    for ins in &ast.instructions {
        match ins {
            Instruction::Arg(a) => global_args.extend(key_values(text, &a.arguments, false)),
            Instruction::From(_) => break,
            _ => {}
        }
    }
    let mut stages: Vec<Stage> = Vec::new();
    let from_indices: Vec<usize> = ast
        .instructions
        .iter()
        .enumerate()
        .filter_map(|(i, ins)| matches!(ins, Instruction::From(_)).then_some(i))
        .collect();
    for (si, &fi) in from_indices.iter().enumerate() {
        let Instruction::From(from) = &ast.instructions[fi] else {
            continue;
        };
        let end = from_indices
            .get(si + 1)
            .copied()
            .unwrap_or(ast.instructions.len());
        let image_raw = from.image.value.to_string();
        let lookup = |name: &str| {
            global_args
                .iter()
                .rev()
                .find(|kv| kv.key == name)
                .map(|kv| kv.value.clone().unwrap_or_default())
        };
        let image = interp::expand(&image_raw, &lookup);
        let lowered = image.value.to_ascii_lowercase();
        let parent = stages
            .iter()
            .rev()
            .find(|s| s.name.as_ref().is_some_and(|(n, _)| *n == lowered))
            .map(|s| s.index);
        stages.push(Stage {
            index: si,
            from: fi,
            end,
            name: from
                .as_
                .as_ref()
                .map(|(_, n)| (n.value.to_ascii_lowercase(), n.span.clone().into())),
            image_raw,
            image_span: from.image.span.clone().into(),
            image,
            parent,
        });
    }
    Ok(Dockerfile {
        text,
        ast,
        stages,
        global_args,
    })
}

/// The error's first line, without the position (diagnostics carry it).
fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or(s);
    match line.rfind(" at line ") {
        Some(i) if line[i..].contains(" column ") => line[..i].to_string(),
        _ => line.to_string(),
    }
}

impl<'a> Dockerfile<'a> {
    pub fn instructions(&self, stage: &Stage) -> &[Instruction<'a>] {
        self.ast
            .instructions
            .get(stage.from + 1..stage.end)
            .unwrap_or(&[])
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    pub fn from_instruction(&self, stage: &Stage) -> Option<&FromInstruction<'a>> {
        match self.ast.instructions.get(stage.from) {
            Some(Instruction::From(f)) => Some(f),
            _ => None,
        }
    }

    /// Whether the stage's base is `scratch` or an earlier stage (not a registry image).
    pub fn base_is_stage_or_scratch(&self, stage: &Stage) -> bool {
        stage.parent.is_some() || stage.image.value.eq_ignore_ascii_case("scratch")
    }

    /// The last `USER` in effect at the end of `stage`, following `FROM <stage>` chains.
    pub fn effective_user(&self, stage: &Stage) -> Option<UserRef> {
        let mut current = Some(stage);
        let mut hops = 0;
        while let Some(st) = current {
            let user = self
                .instructions(st)
                .iter()
                .rev()
                .find_map(|ins| match ins {
                    Instruction::User(u) => Some(u),
                    _ => None,
                });
            if let Some(u) = user {
                let raw = u.arguments.value.to_string();
                let env = self.stage_env(st);
                let lookup = |name: &str| {
                    env.iter()
                        .rev()
                        .find(|kv| kv.key == name)
                        .and_then(|kv| kv.value.clone())
                };
                let expanded = interp::expand(&raw, &lookup);
                return Some(UserRef {
                    raw,
                    resolved: expanded.value,
                    unresolved: expanded.unresolved,
                    span: u.arguments.span.clone().into(),
                    keyword_span: u.user.span.clone().into(),
                    stage: st.index,
                });
            }
            hops += 1;
            current = st
                .parent
                .and_then(|p| self.stages.get(p))
                .filter(|_| hops < 64);
        }
        None
    }

    /// `ARG` and `ENV` definitions in a stage (and global args), in order.
    pub fn stage_env(&self, stage: &Stage) -> Vec<KeyValue> {
        let mut out = self.global_args.clone();
        for ins in self.instructions(stage) {
            match ins {
                Instruction::Arg(a) => out.extend(key_values(self.text, &a.arguments, false)),
                Instruction::Env(e) => out.extend(key_values(self.text, &e.arguments, true)),
                _ => {}
            }
        }
        out
    }

    /// Map a byte range inside an argument's value to a file span: exact when the value is
    /// the source text verbatim, the whole argument otherwise (escapes, continuations).
    pub fn sub_span(&self, s: &UnescapedString<'_>, range: std::ops::Range<usize>) -> Span {
        sub_span(self.text, s, range)
    }
}

/// The `USER` in effect for a stage.
#[derive(Debug, Clone)]
pub struct UserRef {
    pub raw: String,
    pub resolved: String,
    pub unresolved: bool,
    pub span: Span,
    pub keyword_span: Span,
    pub stage: usize,
}

impl UserRef {
    /// The user part of `user[:group]`.
    pub fn user(&self) -> &str {
        self.resolved.split(':').next().unwrap_or("")
    }

    /// `root`, `0`, `0:0`, `root:root`…
    pub fn is_root(&self) -> bool {
        !self.unresolved && matches!(self.user(), "root" | "0")
    }
}

fn sub_span(text: &str, s: &UnescapedString<'_>, range: std::ops::Range<usize>) -> Span {
    let whole: Span = s.span.clone().into();
    let verbatim = text.get(s.span.clone()) == Some(s.value.as_ref());
    if verbatim && range.end <= s.value.len() {
        whole.sub(range.start, range.end)
    } else if let (Some(a), Some(b)) = (
        continued_offset(text, s, range.start),
        continued_offset(text, s, range.end),
    ) {
        // The value differs from the source only by line continuations.
        Span::new(a.min(b), b)
    } else {
        whole
    }
}

/// The file offset of byte `off` of a value whose source differs from it only by line
/// continuations (escape, blanks, newline, then blank or `#` comment lines).
fn continued_offset(text: &str, s: &UnescapedString<'_>, off: usize) -> Option<usize> {
    let src = text.get(s.span.clone())?.as_bytes();
    let val = s.value.as_bytes();
    if off > val.len() {
        return None;
    }
    let (mut i, mut j) = (0usize, 0usize);
    while j < off {
        if i < src.len() && src[i] == val[j] {
            i += 1;
            j += 1;
            continue;
        }
        // A continuation: `\` or `` ` ``, optional blanks, newline.
        let esc = *src.get(i)?;
        if esc != b'\\' && esc != b'`' {
            return None;
        }
        let mut k = i + 1;
        while k < src.len() && matches!(src[k], b' ' | b'\t' | b'\r') {
            k += 1;
        }
        if src.get(k) != Some(&b'\n') {
            return None;
        }
        k += 1;
        loop {
            let mut q = k;
            while q < src.len() && matches!(src[q], b' ' | b'\t' | b'\r') {
                q += 1;
            }
            match src.get(q) {
                Some(b'\n') => k = q + 1,
                Some(b'#') => {
                    while q < src.len() && src[q] != b'\n' {
                        q += 1;
                    }
                    k = q + 1;
                }
                _ => break,
            }
        }
        i = k;
    }
    Some(s.span.start + i)
}

/// Split `KEY=value KEY2="v 2"` (or legacy `KEY value` for ENV) with spans.
pub fn key_values(text: &str, s: &UnescapedString<'_>, legacy_space_form: bool) -> Vec<KeyValue> {
    let v = s.value.as_ref();
    let mut out = Vec::new();
    let first_word_end = v.find(char::is_whitespace).unwrap_or(v.len());
    if legacy_space_form && !v[..first_word_end].contains('=') {
        let key = &v[..first_word_end];
        let rest_start = v[first_word_end..]
            .find(|c: char| !c.is_whitespace())
            .map_or(v.len(), |i| first_word_end + i);
        out.push(KeyValue {
            key: key.to_string(),
            key_span: sub_span(text, s, 0..first_word_end),
            value: Some(unquote(&v[rest_start..]).to_string()),
            value_span: Some(sub_span(text, s, rest_start..v.len())),
        });
        return out;
    }
    for (start, end) in words(v) {
        let word = &v[start..end];
        match word.find('=') {
            Some(eq) => out.push(KeyValue {
                key: word[..eq].to_string(),
                key_span: sub_span(text, s, start..start + eq),
                value: Some(unquote(&word[eq + 1..]).to_string()),
                value_span: Some(sub_span(text, s, start + eq + 1..end)),
            }),
            None => out.push(KeyValue {
                key: word.to_string(),
                key_span: sub_span(text, s, start..end),
                value: None,
                value_span: None,
            }),
        }
    }
    out
}

/// Whitespace-separated words, keeping quoted runs together; byte ranges.
fn words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        let mut quote: Option<u8> = None;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) if b == b'\\' => i += 1,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'\\' => i += 1,
                None if b.is_ascii_whitespace() => break,
                None => {}
            }
            i += 1;
        }
        out.push((start, i.min(bytes.len())));
    }
    out
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    if s.len() >= 2
        && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\'')))
    {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// The keyword span of any instruction (`RUN`, `FROM`…).
pub fn keyword_span(ins: &Instruction<'_>) -> Span {
    let r = match ins {
        Instruction::Add(i) => &i.add.span,
        Instruction::Arg(i) => &i.arg.span,
        Instruction::Cmd(i) => &i.cmd.span,
        Instruction::Copy(i) => &i.copy.span,
        Instruction::Entrypoint(i) => &i.entrypoint.span,
        Instruction::Env(i) => &i.env.span,
        Instruction::Expose(i) => &i.expose.span,
        Instruction::From(i) => &i.from.span,
        Instruction::Healthcheck(i) => &i.healthcheck.span,
        Instruction::Label(i) => &i.label.span,
        Instruction::Maintainer(i) => &i.maintainer.span,
        Instruction::Onbuild(i) => &i.onbuild.span,
        Instruction::Run(i) => &i.run.span,
        Instruction::Shell(i) => &i.shell.span,
        Instruction::Stopsignal(i) => &i.stopsignal.span,
        Instruction::User(i) => &i.user.span,
        Instruction::Volume(i) => &i.volume.span,
        Instruction::Workdir(i) => &i.workdir.span,
        _ => return Span::default(),
    };
    r.clone().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_and_args() {
        let text =
            "ARG BASE=python:3.12-slim\nFROM ${BASE} AS build\nRUN x\nFROM build\nUSER app\n";
        let df = parse(text).unwrap();
        assert_eq!(df.stages.len(), 2);
        assert_eq!(df.stages[0].image.value, "python:3.12-slim");
        assert_eq!(df.stages[1].parent, Some(0));
        let u = df.effective_user(&df.stages[1]).unwrap();
        assert_eq!(u.user(), "app");
    }

    #[test]
    fn user_inherited_from_parent_stage() {
        let text = "FROM alpine:3 AS base\nUSER 1000\nFROM base\nRUN true\n";
        let df = parse(text).unwrap();
        let u = df.effective_user(df.final_stage().unwrap()).unwrap();
        assert_eq!(u.user(), "1000");
    }

    #[test]
    fn key_value_spans() {
        let text = "FROM a:1\nENV A=1 B=\"two\"\n";
        let df = parse(text).unwrap();
        let env = df.stage_env(&df.stages[0]);
        assert_eq!(env[1].key, "B");
        assert_eq!(env[1].value.as_deref(), Some("two"));
        let sp = env[1].value_span.unwrap();
        assert_eq!(&text[sp.start..sp.end], "\"two\"");
    }

    #[test]
    fn key_value_spans_across_continuations() {
        let text = "FROM a:1\nENV A=1 \\\n    # note\n    B=two\n";
        let df = parse(text).unwrap();
        let env = df.stage_env(&df.stages[0]);
        let b = env.iter().find(|kv| kv.key == "B").unwrap();
        assert_eq!(&text[b.key_span.start..b.key_span.end], "B");
        let v = b.value_span.unwrap();
        assert_eq!(&text[v.start..v.end], "two");
    }

    #[test]
    fn heredoc_followed_by_instruction() {
        let text = "FROM alpine:3\nRUN <<EOF\necho hi\nEOF\nUSER 1000\n";
        let df = parse(text).unwrap();
        assert!(df.effective_user(&df.stages[0]).is_some());
    }
}
