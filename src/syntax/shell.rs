//! The shell words of `RUN`: a small POSIX shell lexer that turns a RUN's shell text
//! (shell form with Dockerfile line continuations, exec form, and the here-document
//! bodies that are scripts) into simple commands separated by `&&`, `||`, `;`, `|`, `&`
//! and newlines. Every word keeps its exact byte span in the Dockerfile, so a rule can
//! point at `apt-get` or at `-k` inside a here-document at its own line and column.
//!
//! The lexer reads the file text directly (never a joined copy): a Dockerfile line
//! continuation (the escape character, optional blanks, newline) is skipped together
//! with the blank and `#` comment lines BuildKit drops after it. It understands quotes,
//! backslash escapes, `$(…)`/backticks (whose commands are lexed too, marked
//! [`Cmd::nested`]), `${…}`, redirections and here-documents; it does not expand
//! anything. It never fails: odd input yields fewer or odder words, not a panic.

use crate::source::Span;
use crate::syntax::dockerfile::{Command, Dockerfile, Instruction, Stage};

/// One shell word: its value with quotes removed and escapes resolved (`$…` and
/// `$(…)` are kept as written), and its span in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
    /// Whether any part of the word was quoted or escaped.
    pub quoted: bool,
}

/// What separates a command from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    /// First command of a script (or of a here-document body, or of `$(…)`).
    Start,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;` (and `;;`, `(`, `)`)
    Semi,
    /// `|` or `|&`: this command reads the previous one's output.
    Pipe,
    /// A newline.
    Newline,
    /// `&`
    Background,
}

/// A redirection (`> file`, `2>&1`, `<<EOF`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub op: String,
    pub target: Option<Word>,
}

/// A simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cmd {
    /// Every word, including leading `NAME=value` assignments and wrappers (`sudo`).
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// The operator before this command.
    pub sep: Sep,
    /// The operator's span (empty for a newline or the start).
    pub sep_span: Span,
    /// Commands joined by `|` share a pipeline number.
    pub pipeline: usize,
    /// Inside `$(…)` or backticks.
    pub nested: bool,
    /// Index of the here-document body the command was read from, if any.
    pub heredoc: Option<usize>,
    /// Here-documents (indices into the RUN's bodies) this command reads.
    pub reads_heredocs: Vec<usize>,
    /// Where [`Cmd::argv`] starts in `words`, computed once when the command is complete.
    argv_at: usize,
    /// Where the command name's basename starts in its word (see [`Cmd::name`]),
    /// computed with `argv_at`: every rule asks for command names.
    name_at: usize,
}

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time",
];

impl Cmd {
    /// The words from the command name on: reserved words, `NAME=value` assignments
    /// and wrappers (`sudo`, `env`, `xargs`, `nohup`, `exec`, `command`, `nice`,
    /// `timeout`, `eatmydata`, `gosu`/`su-exec USER`) are skipped.
    pub fn argv(&self) -> &[Word] {
        self.words.get(self.argv_at..).unwrap_or(&[])
    }

    /// The index of the command name in `words` (`words.len()` when there is none).
    fn argv_start(w: &[Word]) -> usize {
        if matches!(
            w.first().map(|w| w.text.as_str()),
            Some("for" | "case" | "select" | "function")
        ) {
            return w.len();
        }
        let mut i = 0;
        // Guard against pathological inputs: every step advances `i`.
        while i < w.len() {
            let t = w[i].text.as_str();
            if (!w[i].quoted && KEYWORDS.contains(&t)) || is_assignment(&w[i]) {
                i += 1;
            } else {
                let name = basename(t);
                match name {
                    "sudo" | "doas" => {
                        i = skip_options(
                            w,
                            i + 1,
                            &["-u", "-g", "-C", "-h", "-p", "-r", "-t", "-U", "-D"],
                        )
                    }
                    "env" => {
                        i = skip_options(w, i + 1, &["-u", "-C", "-S"]);
                        while i < w.len() && is_assignment(&w[i]) {
                            i += 1;
                        }
                    }
                    "xargs" => {
                        i = skip_options(
                            w,
                            i + 1,
                            &["-n", "-I", "-P", "-L", "-d", "-s", "-a", "-E", "-i"],
                        )
                    }
                    "nohup" | "exec" | "command" | "eatmydata" | "builtin" => {
                        i = skip_options(w, i + 1, &[]);
                    }
                    "nice" => i = skip_options(w, i + 1, &["-n"]),
                    "timeout" => {
                        i = skip_options(w, i + 1, &["-s", "-k"]);
                        i += 1; // the duration
                    }
                    "gosu" | "su-exec" | "chroot" => i += 2,
                    _ => return i,
                }
            }
        }
        w.len()
    }

    /// The command name (basename of the first argv word), if any.
    pub fn name(&self) -> Option<&str> {
        self.argv()
            .first()
            .map(|w| w.text.get(self.name_at..).unwrap_or(&w.text))
    }

    /// `argv_at` and `name_at` for these words.
    fn locate_name(words: &[Word]) -> (usize, usize) {
        let argv_at = Cmd::argv_start(words);
        let name_at = words
            .get(argv_at)
            .map_or(0, |w| w.text.len() - basename(&w.text).len());
        (argv_at, name_at)
    }

    /// The first argv word (the command word), for spans.
    pub fn name_word(&self) -> Option<&Word> {
        self.argv().first()
    }

    /// `NAME=value` words before the command name (also after `env`).
    pub fn assignments(&self) -> impl Iterator<Item = (&str, &str, &Word)> {
        let argv_start = self.words.len() - self.argv().len();
        self.words[..argv_start].iter().filter_map(|w| {
            if is_assignment(w) {
                let (k, v) = w.text.split_once('=')?;
                Some((k, v, w))
            } else {
                None
            }
        })
    }

    /// Whether this command is `sudo …` (or `doas`).
    pub fn wrapper_word(&self, wrapper: &str) -> Option<&Word> {
        let argv_start = self.words.len() - self.argv().len();
        self.words[..argv_start]
            .iter()
            .find(|w| !w.quoted && basename(&w.text) == wrapper)
    }

    /// Arguments after the command name.
    pub fn args(&self) -> &[Word] {
        self.argv().get(1..).unwrap_or(&[])
    }

    /// Whether `flag` is among the arguments, as a long option (`--flag`, `--flag=x`)
    /// or, for a one-letter short option `-y`, alone or in a cluster (`-qy`).
    pub fn has_flag(&self, flag: &str) -> bool {
        self.find_flag(flag).is_some()
    }

    /// The argument word carrying `flag` (see [`Cmd::has_flag`]).
    pub fn find_flag(&self, flag: &str) -> Option<&Word> {
        let args = self.args();
        for w in args {
            let t = w.text.as_str();
            if t == "--" {
                break;
            }
            if flag.starts_with("--") {
                if t == flag || t.strip_prefix(flag).is_some_and(|r| r.starts_with('=')) {
                    return Some(w);
                }
            } else if let Some(short) = flag.strip_prefix('-') {
                if t == flag {
                    return Some(w);
                }
                if short.len() == 1
                    && t.starts_with('-')
                    && !t.starts_with("--")
                    && t.len() > 2
                    && t[1..].chars().all(|c| c.is_ascii_alphanumeric())
                    && t[1..].contains(short)
                {
                    return Some(w);
                }
            }
        }
        None
    }

    /// Non-option arguments (words not starting with `-`), after the command name.
    pub fn operands(&self) -> impl Iterator<Item = &Word> {
        self.args().iter().filter(|w| !w.text.starts_with('-'))
    }
}

fn is_assignment(w: &Word) -> bool {
    let t = w.text.as_str();
    let Some(eq) = t.find('=') else { return false };
    let name = &t[..eq];
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn skip_options(w: &[Word], mut i: usize, with_value: &[&str]) -> usize {
    while i < w.len() {
        let t = w[i].text.as_str();
        if t == "--" {
            return i + 1;
        }
        if !t.starts_with('-') || t == "-" {
            break;
        }
        i += 1;
        if with_value.contains(&t) {
            i += 1;
        }
    }
    i
}

/// `/usr/bin/apt-get` → `apt-get`.
pub fn basename(s: &str) -> &str {
    // `memrchr`, not `rsplit`'s generic searcher
    memchr::memrchr(b'/', s.as_bytes()).map_or(s, |i| &s[i + 1..])
}

/// The commands of one RUN.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Vec<Cmd>,
}

impl Script {
    /// Commands that take part in a pipeline (`a | b`), grouped per pipeline.
    pub fn pipelines(&self) -> Vec<Vec<&Cmd>> {
        let mut out: Vec<Vec<&Cmd>> = Vec::new();
        for c in &self.commands {
            match out.last_mut() {
                Some(last) if last.first().is_some_and(|f| f.pipeline == c.pipeline) => {
                    last.push(c)
                }
                _ => out.push(vec![c]),
            }
        }
        out.retain(|p| p.len() > 1);
        out
    }
}

/// Lex shell text at `span` of `text`. `continuation` is the Dockerfile escape
/// character when the span is an instruction's text (line continuations are skipped),
/// `None` for a here-document body (the shell's own `\`-newline applies). `bodies` are
/// the RUN's here-document body spans, assigned in order to `<<WORD` redirections.
pub fn lex(text: &str, span: Span, continuation: Option<u8>, bodies: &[Span]) -> Script {
    let mut st = State::default();
    lex_into(&mut st, text, span, continuation, bodies, None);
    Script {
        commands: st.commands,
    }
}

fn lex_into(
    st: &mut State,
    text: &str,
    span: Span,
    continuation: Option<u8>,
    bodies: &[Span],
    heredoc: Option<usize>,
) {
    let mut lx = Lexer {
        text: text.as_bytes(),
        src: text,
        pos: span.start.min(text.len()),
        end: span.end.min(text.len()),
        cont: continuation,
        depth: 0,
        nested: false,
        heredoc,
        bodies_left: bodies.len(),
        next_body: 0,
    };
    lx.list(st);
}

#[derive(Default)]
pub(crate) struct State {
    commands: Vec<Cmd>,
    pipelines: usize,
}

struct Lexer<'t> {
    text: &'t [u8],
    src: &'t str,
    pos: usize,
    end: usize,
    cont: Option<u8>,
    depth: u32,
    nested: bool,
    heredoc: Option<usize>,
    /// Here-document bodies not yet assigned (instruction text only).
    bodies_left: usize,
    next_body: usize,
}

const MAX_DEPTH: u32 = 24;

struct PendingHeredoc {
    delim: String,
    strip_tabs: bool,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        (self.pos < self.end).then(|| self.text[self.pos])
    }

    fn peek_at(&self, off: usize) -> Option<u8> {
        let p = self.pos + off;
        (p < self.end).then(|| self.text[p])
    }

    /// Skip a Dockerfile line continuation and the blank/comment lines after it.
    fn skip_continuation(&mut self) -> bool {
        let Some(esc) = self.cont else { return false };
        if self.peek() != Some(esc) {
            return false;
        }
        let mut p = self.pos + 1;
        while p < self.end && matches!(self.text[p], b' ' | b'\t' | b'\r') {
            p += 1;
        }
        if p < self.end && self.text[p] != b'\n' {
            return false;
        }
        // The continuation may end the span (trailing `\` before EOF).
        p = (p + 1).min(self.end);
        // Blank and comment lines inside a continued instruction are dropped.
        loop {
            let mut q = p;
            while q < self.end && matches!(self.text[q], b' ' | b'\t' | b'\r') {
                q += 1;
            }
            if q < self.end && self.text[q] == b'\n' {
                p = q + 1;
            } else if q < self.end && self.text[q] == b'#' {
                while q < self.end && self.text[q] != b'\n' {
                    q += 1;
                }
                p = (q + 1).min(self.end);
            } else {
                break;
            }
        }
        self.pos = p;
        true
    }

    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(_) if self.skip_continuation() => {}
                // Shell line continuation (here-document bodies, exec-form scripts).
                Some(b'\\') if self.cont != Some(b'\\') && self.peek_at(1) == Some(b'\n') => {
                    self.pos += 2
                }
                _ => break,
            }
        }
    }

    /// A command list up to `self.end`.
    fn list(&mut self, st: &mut State) {
        let mut cur = self.new_cmd(st);
        let mut pending: Vec<PendingHeredoc> = Vec::new();
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else { break };
            let before = self.pos;
            match c {
                b'\n' => {
                    self.pos += 1;
                    self.finish(st, &mut cur, Sep::Newline, before);
                    for h in pending.drain(..) {
                        self.skip_heredoc_body(&h);
                    }
                }
                b'#' => {
                    // A comment: to the end of the line (of the joined instruction
                    // line, for instruction text).
                    while let Some(c) = self.peek() {
                        if c == b'\n' && self.cont.is_none() {
                            break;
                        }
                        if self.skip_continuation() {
                            continue;
                        }
                        self.pos += 1;
                    }
                }
                b';' => {
                    self.pos += if self.peek_at(1) == Some(b';') { 2 } else { 1 };
                    self.finish(st, &mut cur, Sep::Semi, before);
                }
                b'(' | b')' => {
                    self.pos += 1;
                    self.finish(st, &mut cur, Sep::Semi, before);
                }
                b'&' if self.peek_at(1) == Some(b'&') => {
                    self.pos += 2;
                    self.finish(st, &mut cur, Sep::And, before);
                }
                b'&' if self.peek_at(1) == Some(b'>') => self.redirect(st, &mut cur, &mut pending),
                b'&' => {
                    self.pos += 1;
                    self.finish(st, &mut cur, Sep::Background, before);
                }
                b'|' if self.peek_at(1) == Some(b'|') => {
                    self.pos += 2;
                    self.finish(st, &mut cur, Sep::Or, before);
                }
                b'|' => {
                    self.pos += if self.peek_at(1) == Some(b'&') { 2 } else { 1 };
                    self.finish(st, &mut cur, Sep::Pipe, before);
                }
                b'<' | b'>' => self.redirect(st, &mut cur, &mut pending),
                b'0'..=b'9' if self.fd_redirect_ahead() => {
                    self.redirect(st, &mut cur, &mut pending)
                }
                _ => {
                    let (w, nested) = self.word();
                    if !w.span.is_empty() || !w.text.is_empty() {
                        cur.words.push(w);
                    }
                    for r in nested {
                        self.sub(st, r);
                    }
                }
            }
            if self.pos == before {
                // Never loop without progress.
                self.pos += 1;
            }
        }
        self.finish(st, &mut cur, Sep::Newline, self.pos);
    }

    fn new_cmd(&self, st: &mut State) -> Cmd {
        st.pipelines += 1;
        Cmd {
            words: Vec::new(),
            redirects: Vec::new(),
            sep: Sep::Start,
            sep_span: Span::default(),
            pipeline: st.pipelines,
            nested: self.nested,
            heredoc: self.heredoc,
            reads_heredocs: Vec::new(),
            argv_at: 0,
            name_at: 0,
        }
    }

    fn finish(&self, st: &mut State, cur: &mut Cmd, next: Sep, op_start: usize) {
        let placeholder = Cmd {
            words: Vec::new(),
            redirects: Vec::new(),
            sep: next,
            sep_span: if next == Sep::Newline {
                Span::default()
            } else {
                Span::new(op_start, self.pos)
            },
            pipeline: 0,
            nested: self.nested,
            heredoc: self.heredoc,
            reads_heredocs: Vec::new(),
            argv_at: 0,
            name_at: 0,
        };
        let mut done = std::mem::replace(cur, placeholder);
        (done.argv_at, done.name_at) = Cmd::locate_name(&done.words);
        let keep = !done.words.is_empty() || !done.redirects.is_empty();
        let (done_sep, done_pipeline) = (done.sep, done.pipeline);
        if keep {
            st.commands.push(done);
        } else if done_sep != Sep::Start && next == Sep::Newline {
            // `a &&\n b`, `a |\n b`: the newline does not end the list.
            cur.sep = done_sep;
            cur.sep_span = done.sep_span;
        }
        cur.pipeline = if cur.sep == Sep::Pipe {
            if keep {
                done_pipeline
            } else {
                // `( a ) | b`: b joins the pipeline of the last command.
                st.commands.last().map_or(done_pipeline, |c| c.pipeline)
            }
        } else {
            st.pipelines += 1;
            st.pipelines
        };
    }

    fn fd_redirect_ahead(&self) -> bool {
        // Only at a word start: `2>&1`, `2>/dev/null`.
        let mut p = self.pos;
        while p < self.end && self.text[p].is_ascii_digit() {
            p += 1;
        }
        p < self.end && matches!(self.text[p], b'<' | b'>')
    }

    fn redirect(&mut self, st: &mut State, cur: &mut Cmd, pending: &mut Vec<PendingHeredoc>) {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let rest = &self.text[self.pos..self.end];
        let op_len = [
            &b"&>>"[..],
            b"<<<",
            b"<<-",
            b"<<",
            b"<>",
            b"<&",
            b">>",
            b">&",
            b">|",
            b"&>",
            b"<",
            b">",
        ]
        .iter()
        .find(|op| rest.starts_with(op))
        .map_or(1, |op| op.len());
        self.pos = (self.pos + op_len).min(self.end);
        let op = String::from_utf8_lossy(&self.text[start..self.pos]).into_owned();
        let heredoc = op.ends_with("<<") || op.ends_with("<<-");
        let attached = self
            .peek()
            .is_some_and(|c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
        let at_word_start = start == 0 || {
            let prev = self.text[start - 1];
            matches!(prev, b' ' | b'\t' | b'\n' | b'\r') || self.cont.is_some_and(|e| e == prev)
        };
        self.skip_blanks();
        let target = match self.peek() {
            Some(c) if !matches!(c, b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>') => {
                let (w, nested) = self.word();
                for r in nested {
                    self.sub(st, r);
                }
                Some(w)
            }
            _ => None,
        };
        if heredoc {
            if let Some(t) = &target {
                if self.cont.is_some() && self.heredoc.is_none() && !self.nested {
                    // Instruction text: BuildKit assigns bodies to `<<WORD` words.
                    if attached && at_word_start && self.bodies_left > 0 {
                        cur.reads_heredocs.push(self.next_body);
                        self.next_body += 1;
                        self.bodies_left -= 1;
                    }
                } else {
                    pending.push(PendingHeredoc {
                        delim: t.text.clone(),
                        strip_tabs: op.ends_with('-'),
                    });
                }
            }
        }
        cur.redirects.push(Redirect { op, target });
    }

    /// Skip a here-document body inside a script (the lines up to its delimiter).
    fn skip_heredoc_body(&mut self, h: &PendingHeredoc) {
        while self.pos < self.end {
            let line_start = self.pos;
            let mut line_end = line_start;
            while line_end < self.end && self.text[line_end] != b'\n' {
                line_end += 1;
            }
            let mut line = self.src.get(line_start..line_end).unwrap_or("");
            if h.strip_tabs {
                line = line.trim_start_matches('\t');
            }
            line = line.strip_suffix('\r').unwrap_or(line);
            self.pos = (line_end + 1).min(self.end);
            if line == h.delim {
                break;
            }
        }
    }

    /// Lex a `$(…)`/backtick range as a nested command list.
    fn sub(&mut self, st: &mut State, r: std::ops::Range<usize>) {
        if self.depth >= MAX_DEPTH || r.start >= r.end {
            return;
        }
        let mut lx = Lexer {
            text: self.text,
            src: self.src,
            pos: r.start,
            end: r.end,
            cont: self.cont,
            depth: self.depth + 1,
            nested: true,
            heredoc: self.heredoc,
            bodies_left: 0,
            next_body: 0,
        };
        lx.list(st);
    }

    /// One word; also returns the byte ranges of command substitutions inside it.
    fn word(&mut self) -> (Word, Vec<std::ops::Range<usize>>) {
        let start = self.pos;
        let mut end = start;
        let mut text = String::new();
        let mut quoted = false;
        let mut nested = Vec::new();
        while let Some(c) = self.peek() {
            if self.skip_continuation() {
                continue;
            }
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => {
                    break
                }
                b'\\' => {
                    quoted = true;
                    self.pos += 1;
                    match self.peek() {
                        Some(b'\n') => self.pos += 1,
                        Some(_) => self.push_char(&mut text),
                        None => {}
                    }
                }
                b'\'' => {
                    quoted = true;
                    self.pos += 1;
                    while let Some(c) = self.peek() {
                        if self.skip_continuation() {
                            continue;
                        }
                        if c == b'\'' {
                            self.pos += 1;
                            break;
                        }
                        self.push_char(&mut text);
                    }
                }
                b'"' => {
                    quoted = true;
                    self.pos += 1;
                    while let Some(c) = self.peek() {
                        if self.skip_continuation() {
                            continue;
                        }
                        match c {
                            b'"' => {
                                self.pos += 1;
                                break;
                            }
                            b'\\' => {
                                self.pos += 1;
                                match self.peek() {
                                    Some(b'\n') => self.pos += 1,
                                    Some(b'$' | b'`' | b'"' | b'\\') => self.push_char(&mut text),
                                    Some(_) => text.push('\\'),
                                    None => {}
                                }
                            }
                            b'$' | b'`' => self.dollar_or_backtick(&mut text, &mut nested),
                            _ => self.push_char(&mut text),
                        }
                    }
                }
                b'$' | b'`' => self.dollar_or_backtick(&mut text, &mut nested),
                _ => self.push_char(&mut text),
            }
            end = self.pos;
        }
        let end = end.max(start);
        (
            Word {
                text,
                span: Span::new(start, end),
                quoted,
            },
            nested,
        )
    }

    fn push_char(&mut self, text: &mut String) {
        let rest = self.src.get(self.pos..self.end).unwrap_or("");
        match rest.chars().next() {
            Some(ch) => {
                text.push(ch);
                self.pos += ch.len_utf8();
            }
            // Not at a character boundary: step one byte.
            None => self.pos += 1,
        }
    }

    /// `$name`, `${…}`, `$(…)`, `$((…))` or a backtick substitution, kept as written.
    fn dollar_or_backtick(&mut self, text: &mut String, nested: &mut Vec<std::ops::Range<usize>>) {
        let start = self.pos;
        if self.peek() == Some(b'`') {
            self.pos += 1;
            let inner = self.pos;
            while let Some(c) = self.peek() {
                if c == b'\\' {
                    self.pos = (self.pos + 2).min(self.end);
                    continue;
                }
                if c == b'`' {
                    break;
                }
                self.pos += 1;
            }
            nested.push(inner..self.pos);
            if self.peek() == Some(b'`') {
                self.pos += 1;
            }
        } else {
            self.pos += 1;
            match self.peek() {
                Some(b'(') => {
                    let arith = self.peek_at(1) == Some(b'(');
                    self.pos += 1;
                    let inner = self.pos;
                    let close = self.matching(b'(', b')');
                    if !arith {
                        nested.push(inner..close);
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.matching(b'{', b'}');
                }
                _ => {}
            }
        }
        text.push_str(self.src.get(start..self.pos).unwrap_or(""));
    }

    /// Advance past the closer matching an already consumed opener; returns the
    /// position of the closer (or the end).
    fn matching(&mut self, open: u8, close: u8) -> usize {
        let mut depth = 1u32;
        let mut quote: Option<u8> = None;
        while let Some(c) = self.peek() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(b'"') if c == b'\\' => self.pos += 1,
                Some(_) => {}
                None if c == b'\'' || c == b'"' => quote = Some(c),
                None if c == b'\\' => self.pos += 1,
                None if c == open => depth += 1,
                None if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        let at = self.pos;
                        self.pos += 1;
                        return at;
                    }
                }
                None => {}
            }
            self.pos = (self.pos + 1).min(self.end);
        }
        self.end
    }
}

/// How a stage runs shell-form `RUN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellKind {
    /// A POSIX shell (`/bin/sh -c`, bash…); `pipefail` when `SHELL` sets `-o pipefail`.
    Posix { pipefail: bool },
    /// PowerShell, cmd, or anything else: shell rules do not apply.
    Other,
}

/// One `RUN` with its commands.
#[derive(Debug, Clone)]
pub struct RunScript {
    /// Stage index and instruction index in `ast.instructions`.
    pub stage: usize,
    pub instruction: usize,
    /// The `RUN` keyword.
    pub keyword: Span,
    pub shell: ShellKind,
    pub script: Script,
    /// Here-document body spans of this RUN, in order.
    pub bodies: Vec<Span>,
}

impl RunScript {
    pub fn is_posix(&self) -> bool {
        matches!(self.shell, ShellKind::Posix { .. })
    }

    /// Whether `set -o pipefail` (or `SHELL [… "-o", "pipefail" …]`) is in effect before
    /// command `index` of the script.
    pub fn pipefail_before(&self, index: usize) -> bool {
        if matches!(self.shell, ShellKind::Posix { pipefail: true }) {
            return true;
        }
        let target = self.script.commands.get(index);
        self.script.commands[..index.min(self.script.commands.len())]
            .iter()
            .filter(|c| c.heredoc == target.and_then(|t| t.heredoc) && !c.nested)
            .any(sets_pipefail)
    }
}

/// `set -o pipefail`, `set -eo pipefail`, `set -euxo pipefail`.
pub fn sets_pipefail(c: &Cmd) -> bool {
    if c.name() != Some("set") {
        return false;
    }
    let args = c.args();
    args.windows(2).any(|p| {
        p[0].text.starts_with('-')
            && !p[0].text.starts_with("--")
            && p[0].text.ends_with('o')
            && p[1].text == "pipefail"
    })
}

/// The shell a `SHELL` instruction selects.
pub fn shell_kind(args: &[String]) -> ShellKind {
    let Some(first) = args.first() else {
        return ShellKind::Posix { pipefail: false };
    };
    let exe = basename(&first.replace('\\', "/")).to_ascii_lowercase();
    let exe = exe.strip_suffix(".exe").unwrap_or(&exe).to_string();
    if matches!(
        exe.as_str(),
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox"
    ) {
        let pipefail = args
            .windows(2)
            .any(|p| p[0].starts_with('-') && p[0].ends_with('o') && p[1] == "pipefail");
        ShellKind::Posix { pipefail }
    } else {
        ShellKind::Other
    }
}

fn is_windows_image(image: &str) -> bool {
    let i = image.to_ascii_lowercase();
    i.contains("windows/") || i.contains("nanoserver") || i.contains("servercore")
}

/// Whether a here-document fed to a command is a script the shell runs: the RUN's own
/// body (`RUN <<EOF`) or input of a shell (`RUN bash <<EOF`, no `-c`), and its first
/// line is not a non-shell `#!`.
fn body_is_script(reader: &Cmd, body: &str) -> bool {
    let runs_it = match reader.name() {
        None => true,
        Some(n) => {
            matches!(n, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh")
                && !reader.args().iter().any(|w| w.text == "-c")
        }
    };
    if !runs_it {
        return false;
    }
    match body.strip_prefix("#!") {
        Some(rest) => {
            let line = rest.lines().next().unwrap_or("");
            line.split(|c: char| c == '/' || c.is_whitespace())
                .any(|p| matches!(p, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh"))
        }
        None => true,
    }
}

/// Every `RUN` of the file with its commands, in order; parsed once per file.
pub fn runs<'d>(df: &'d Dockerfile<'_>) -> &'d [RunScript] {
    df.runs.get_or_init(|| parse_runs(df))
}

fn parse_runs(df: &Dockerfile<'_>) -> Vec<RunScript> {
    let escape = df
        .ast
        .parser_directives
        .escape
        .as_ref()
        .map_or(b'\\', |d| u8::try_from(d.value.value).unwrap_or(b'\\'));
    let mut out = Vec::new();
    let mut stage_shells: Vec<ShellKind> = Vec::new();
    for stage in &df.stages {
        let mut shell = initial_shell(stage, &stage_shells);
        for (off, ins) in df.instructions(stage).iter().enumerate() {
            match ins {
                Instruction::Shell(s) => {
                    let args: Vec<String> =
                        s.arguments.iter().map(|a| a.value.to_string()).collect();
                    shell = shell_kind(&args);
                }
                Instruction::Run(r) => {
                    let bodies: Vec<Span> =
                        r.here_docs.iter().map(|h| h.span.clone().into()).collect();
                    let script = match &r.arguments {
                        Command::Shell(sh) => {
                            lex_run(df.text, sh.span.clone().into(), escape, &bodies)
                        }
                        Command::Exec(ex) => exec_script(df.text, &ex.value, escape),
                        _ => Script::default(),
                    };
                    out.push(RunScript {
                        stage: stage.index,
                        instruction: stage.from + 1 + off,
                        keyword: r.run.span.clone().into(),
                        shell: if matches!(r.arguments, Command::Exec(_)) {
                            // Exec form runs no shell; `sh -c` scripts are lexed above.
                            ShellKind::Posix { pipefail: false }
                        } else {
                            shell.clone()
                        },
                        script,
                        bodies,
                    });
                }
                _ => {}
            }
        }
        stage_shells.push(shell);
    }
    out
}

fn initial_shell(stage: &Stage, done: &[ShellKind]) -> ShellKind {
    if let Some(parent) = stage.parent.and_then(|p| done.get(p)) {
        return parent.clone();
    }
    if is_windows_image(&stage.image.value) {
        ShellKind::Other
    } else {
        ShellKind::Posix { pipefail: false }
    }
}

fn lex_run(text: &str, span: Span, escape: u8, bodies: &[Span]) -> Script {
    let mut st = State::default();
    lex_into(&mut st, text, span, Some(escape), bodies, None);
    let readers: Vec<(usize, Cmd)> = st
        .commands
        .iter()
        .flat_map(|c| c.reads_heredocs.iter().map(move |&i| (i, c.clone())))
        .collect();
    for (i, reader) in readers {
        let Some(&span) = bodies.get(i) else { continue };
        let body = text.get(span.start..span.end).unwrap_or("");
        if body_is_script(&reader, body) {
            lex_into(&mut st, text, span, None, &[], Some(i));
        }
    }
    Script {
        commands: st.commands,
    }
}

fn exec_script(
    text: &str,
    args: &[crate::syntax::dockerfile::UnescapedString<'_>],
    escape: u8,
) -> Script {
    let words: Vec<Word> = args
        .iter()
        .map(|a| Word {
            text: a.value.to_string(),
            span: a.span.clone().into(),
            quoted: true,
        })
        .collect();
    // `["sh", "-c", "script"]`: the script is shell text.
    if let [sh, c, script, ..] = args {
        let is_shell = matches!(
            basename(&sh.value),
            "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh"
        );
        let verbatim = text.get(script.span.clone()) == Some(script.value.as_ref());
        if is_shell && c.value == "-c" && verbatim {
            return lex(text, script.span.clone().into(), Some(escape), &[]);
        }
    }
    let pipeline = 1;
    let (argv_at, name_at) = Cmd::locate_name(&words);
    Script {
        commands: vec![Cmd {
            argv_at,
            name_at,
            words,
            redirects: Vec::new(),
            sep: Sep::Start,
            sep_span: Span::default(),
            pipeline,
            nested: false,
            heredoc: None,
            reads_heredocs: Vec::new(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    fn scripts(text: &str) -> Vec<RunScript> {
        let df = parse(text).expect("parses");
        runs(&df).to_vec()
    }

    fn names(s: &Script) -> Vec<String> {
        s.commands
            .iter()
            .filter(|c| !c.argv().is_empty())
            .map(|c| {
                c.argv()
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    fn at<'a>(text: &'a str, w: &Word) -> &'a str {
        &text[w.span.start..w.span.end]
    }

    #[test]
    fn separators_and_pipelines() {
        let t = "FROM a\nRUN a x && b || c; d | e |& f & g\n";
        let r = scripts(t);
        let s = &r[0].script;
        assert_eq!(names(s), ["a x", "b", "c", "d", "e", "f", "g"]);
        let seps: Vec<Sep> = s.commands.iter().map(|c| c.sep).collect();
        assert_eq!(
            seps,
            [
                Sep::Start,
                Sep::And,
                Sep::Or,
                Sep::Semi,
                Sep::Pipe,
                Sep::Pipe,
                Sep::Background
            ]
        );
        assert_eq!(s.pipelines().len(), 1);
        assert_eq!(
            &t[s.commands[4].sep_span.start..s.commands[4].sep_span.end],
            "|"
        );
        assert_eq!(
            &t[s.commands[5].sep_span.start..s.commands[5].sep_span.end],
            "|&"
        );
        assert_eq!(s.pipelines()[0].len(), 3);
        assert_eq!(at(t, &s.commands[1].words[0]), "b");
    }

    #[test]
    fn continuation_with_comment_lines() {
        let t = "FROM a\nRUN apt-get update && \\\n    # a comment\n\n    apt-get install \\\n      -y curl\n";
        let r = scripts(t);
        let s = &r[0].script;
        assert_eq!(names(s), ["apt-get update", "apt-get install -y curl"]);
        let y = s.commands[1].find_flag("-y").expect("-y");
        assert_eq!(at(t, y), "-y");
        assert_eq!(s.commands[1].sep, Sep::And);
    }

    #[test]
    fn quotes_and_substitutions() {
        let t = "FROM a\nRUN echo \"a b\" 'c;d' e\\ f $(curl -k https://x | sh) `id -u` ${X:-y}\n";
        let s = &scripts(t)[0].script;
        let echo = s
            .commands
            .iter()
            .find(|c| c.name() == Some("echo"))
            .expect("echo");
        let texts: Vec<&str> = echo.args().iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "a b",
                "c;d",
                "e f",
                "$(curl -k https://x | sh)",
                "`id -u`",
                "${X:-y}"
            ]
        );
        let curl = s
            .commands
            .iter()
            .find(|c| c.name() == Some("curl"))
            .expect("curl");
        assert!(curl.nested);
        assert_eq!(at(t, curl.find_flag("-k").expect("-k")), "-k");
        let sh = s
            .commands
            .iter()
            .find(|c| c.name() == Some("sh"))
            .expect("sh");
        assert_eq!(sh.sep, Sep::Pipe);
        assert!(s.commands.iter().any(|c| c.name() == Some("id")));
    }

    #[test]
    fn prefixes() {
        let t = "FROM a\nRUN DEBIAN_FRONTEND=noninteractive sudo -E env A=1 apt-get install -qy x && find . | xargs -n 1 rm\n";
        let s = &scripts(t)[0].script;
        assert_eq!(s.commands[0].name(), Some("apt-get"));
        assert!(s.commands[0].has_flag("-y"));
        assert!(!s.commands[0].has_flag("-x"));
        assert!(s.commands[0].wrapper_word("sudo").is_some());
        let a: Vec<&str> = s.commands[0].assignments().map(|(k, _, _)| k).collect();
        assert_eq!(a, ["DEBIAN_FRONTEND", "A"]);
        assert_eq!(s.commands[2].name(), Some("rm"));
    }

    #[test]
    fn heredocs() {
        let t = "FROM a\nRUN <<EOF\nset -e\napt-get update\n  curl -k x | sh\nEOF\nRUN cat <<EOF > /etc/x && <<-'B' bash\ncurl -k not-a-command\nEOF\n\tapk add y\n\tB\nRUN python3 <<PY\nimport os\nPY\n";
        let r = scripts(t);
        assert_eq!(r.len(), 3);
        assert_eq!(
            names(&r[0].script),
            ["set -e", "apt-get update", "curl -k x", "sh"]
        );
        let curl = r[0]
            .script
            .commands
            .iter()
            .find(|c| c.name() == Some("curl"))
            .expect("curl");
        assert_eq!(curl.heredoc, Some(0));
        let k = curl.find_flag("-k").expect("-k");
        assert_eq!(at(t, k), "-k");
        assert_eq!(t[..k.span.start].lines().count(), 5);
        assert_eq!(names(&r[1].script), ["cat", "bash", "apk add y"]);
        assert_eq!(r[1].script.commands[2].heredoc, Some(1));
        assert_eq!(names(&r[2].script), ["python3"]);
    }

    #[test]
    fn heredoc_inside_body_is_skipped() {
        let t = "FROM a\nRUN <<EOF\ncat > /x <<'X'\ncurl -k inside\nX\necho done\nEOF\n";
        let r = scripts(t);
        assert_eq!(names(&r[0].script), ["cat", "echo done"]);
    }

    #[test]
    fn exec_form_and_sh_c() {
        let t = "FROM a\nRUN [\"apt-get\", \"install\", \"x\"]\nRUN [\"/bin/sh\", \"-c\", \"apk add x && rm -rf /y\"]\n";
        let r = scripts(t);
        assert_eq!(names(&r[0].script), ["apt-get install x"]);
        assert_eq!(at(t, &r[0].script.commands[0].words[0]), "apt-get");
        assert_eq!(names(&r[1].script), ["apk add x", "rm -rf /y"]);
    }

    #[test]
    fn escape_directive_backtick() {
        let t = "# escape=`\nFROM a\nRUN apt-get install `\n    -y x\n";
        let r = scripts(t);
        assert_eq!(names(&r[0].script), ["apt-get install -y x"]);
    }

    #[test]
    fn powershell_and_pipefail_shell() {
        let t = "FROM a\nSHELL [\"powershell\", \"-Command\"]\nRUN iwr x | iex\nFROM b\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nRUN set -eux; set -o pipefail; c | d\n";
        let r = scripts(t);
        assert_eq!(r[0].shell, ShellKind::Other);
        assert_eq!(r[1].shell, ShellKind::Posix { pipefail: true });
        assert!(r[1].pipefail_before(1));
        let r2 = scripts("FROM a\nRUN set -eux; set -o pipefail; c | d\nRUN c | d\n");
        assert!(r2[0].pipefail_before(2));
        assert!(!r2[1].pipefail_before(1));
    }

    #[test]
    fn redirects_are_not_arguments() {
        let t = "FROM a\nRUN curl -fsSL x 2>/dev/null >out && cmd 2>&1 | tee log\n";
        let s = &scripts(t)[0].script;
        assert_eq!(names(s), ["curl -fsSL x", "cmd", "tee log"]);
        assert_eq!(s.commands[0].redirects.len(), 2);
    }

    #[test]
    fn compound_commands() {
        let t = "FROM a\nRUN if [ -f x ]; then apt-get install -y a; else (cd /x && make); fi; for f in a b; do rm $f; done\n";
        let s = &scripts(t)[0].script;
        let n: Vec<Option<&str>> = s.commands.iter().map(|c| c.name()).collect();
        assert!(n.contains(&Some("apt-get")));
        assert!(n.contains(&Some("cd")));
        assert!(n.contains(&Some("make")));
        assert!(n.contains(&Some("rm")));
        assert!(!n.contains(&Some("f")));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "FROM a\nRUN \"unterminated\n",
            "FROM a\nRUN $(\n",
            "FROM a\nRUN echo `\n",
            "FROM a\nRUN a \\\n",
            "FROM a\nRUN 2>\n",
            "FROM a\nRUN <<\n",
            "FROM a\nRUN é|ü&&ß;\"ñ\n",
            "FROM a\nRUN ${{{{{\n",
            "FROM a\nRUN ))((||&&;;\n",
        ] {
            if let Ok(df) = parse(t) {
                let _ = runs(&df);
            }
        }
        let deep = format!("FROM a\nRUN {}x{}\n", "$(".repeat(200), ")".repeat(200));
        let df = parse(&deep).expect("parses");
        let _ = runs(&df);
    }
}
