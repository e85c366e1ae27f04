//! Chinese text analysis for the search index (docs/ARCHITECTURE.md, Search).
//!
//! Text is folded to one form — NFKC (which also turns full-width letters and
//! digits into half-width ones), Traditional → Simplified
//! ([`app::domain::script`], OpenCC data) and lower case — and then cut the way
//! Elasticsearch's `cjk` analyzer cuts it:
//!
//! * a run of CJK characters gives its overlapping bigrams (`嘉峪关市` → `嘉峪`,
//!   `峪关`, `关市`), so that any fragment of two or more characters of a name
//!   matches, and a run of a single CJK character gives that character;
//! * a run of letters and digits (`ABC123`, `2023`) gives one token;
//! * everything else (punctuation, brackets, spaces, symbols) separates tokens
//!   and is dropped.
//!
//! Positions are sequential (0, 1, 2, … one per token), so a phrase query over
//! the bigrams of a name matches the name itself.
//!
//! ## Offsets: folding character by character
//!
//! Tantivy highlights snippets with the offsets of the tokens into the *stored*
//! text, so the tokenizer cannot normalise the whole string first and cut the
//! result: offsets into the normalised string do not point into the stored
//! one (NFKC changes lengths, `㈱` becomes `(株)`). Instead the tokenizer folds
//! each character of its input on its own — NFKC of the character (together
//! with the combining marks that follow it, so `e` + U+0301 still becomes `é`),
//! then [`simplified_char`], then lower case — and every character that comes
//! out keeps the byte range of the character it came from. Callers index the
//! raw text and highlight it; tokens carry the folded form.
//!
//! [`normalise`] folds a whole string the same way in one go, for codes and for
//! comparing strings; for ordinary text the two give the same tokens (tested
//! below). They can only differ for contrived input (Hangul jamo that NFKC
//! composes across characters, or a Greek final sigma).

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use app::domain::script::{simplified_char, to_simplified};

/// Name under which [`register`] installs the analyzer.
pub const CJK_TOKENIZER: &str = "cjk_bigram";

/// Tokens of this many bytes or more are dropped (a long run of letters or
/// digits, such as an encoded blob, is not worth a term).
pub const MAX_TOKEN_BYTES: usize = 40;

/// Whole-string normalisation, applied to text and codes at index and at query
/// time: NFKC (full-width → half-width, compatibility forms), Traditional →
/// Simplified, lower case.
pub fn normalise(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    to_simplified(&nfkc).to_lowercase()
}

/// The analyzer registered under [`CJK_TOKENIZER`]: [`CjkBigramTokenizer`]
/// with a [`RemoveLongFilter`] of [`MAX_TOKEN_BYTES`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(CjkBigramTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .build()
}

/// Registers [`analyzer`] with the index's tokenizer manager under
/// [`CJK_TOKENIZER`]; call it after opening or creating an index and before
/// indexing or searching a field that uses it.
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(CJK_TOKENIZER, analyzer());
}

/// The texts of the tokens the registered analyzer produces for `text`, in
/// position order (position `i` is element `i`): what a hand-built query is
/// made of.
pub fn tokens(text: &str) -> Vec<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// Whether `c` belongs to a run that is cut into bigrams: Han ideographs (all
/// blocks and extensions, 〇 and the iteration mark 々), and, as in
/// Elasticsearch's `cjk` analyzer, kana and Hangul syllables.
pub fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x3400..=0x4DBF          // Extension A
            | 0x4E00..=0x9FFF    // Unified ideographs
            | 0xF900..=0xFAFF    // Compatibility ideographs (most fold under NFKC)
            | 0x20000..=0x2FA1F  // Extensions B–F, compatibility supplement
            | 0x30000..=0x323AF  // Extensions G, H
            | 0x3005             // 々
            | 0x3007             // 〇
            | 0x3041..=0x3096    // Hiragana
            | 0x309D..=0x309F
            | 0x30A1..=0x30FA    // Katakana (not the middle dot U+30FB)
            | 0x30FC..=0x30FF
            | 0x31F0..=0x31FF
            | 0xAC00..=0xD7A3 // Hangul syllables
    )
}

/// Starts a letter/digit run.
fn is_word_start(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Continues a letter/digit run (combining marks stay with their letter).
fn is_word_continue(c: char) -> bool {
    (c.is_alphanumeric() || is_combining_mark(c)) && !is_cjk(c)
}

/// A character of the folded text and the byte range, in the input, of the
/// character it came from.
#[derive(Clone, Copy, Debug)]
struct Folded {
    ch: char,
    from: usize,
    to: usize,
}

/// Folds `text` character by character (see the module documentation) into
/// `out`.
fn fold_chars(text: &str, out: &mut Vec<Folded>) {
    out.clear();
    let mut chars = text.char_indices().peekable();
    while let Some((from, c)) = chars.next() {
        let mut to = from + c.len_utf8();
        let mut single = true;
        while let Some(&(j, m)) = chars.peek() {
            // Half-width katakana voiced marks compose with the kana before them.
            if !is_combining_mark(m) && m != '\u{FF9E}' && m != '\u{FF9F}' {
                break;
            }
            to = j + m.len_utf8();
            single = false;
            chars.next();
        }
        if single && c.is_ascii() {
            // NFKC leaves ASCII alone, and the table has no ASCII.
            out.push(Folded {
                ch: c.to_ascii_lowercase(),
                from,
                to,
            });
        } else if single && ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            // Unified ideographs are NFKC-stable and have no case.
            out.push(Folded {
                ch: simplified_char(c).unwrap_or(c),
                from,
                to,
            });
        } else {
            for n in text[from..to].nfkc() {
                let s = simplified_char(n).unwrap_or(n);
                for ch in s.to_lowercase() {
                    out.push(Folded { ch, from, to });
                }
            }
        }
    }
}

/// CJK-bigram tokenizer over text folded character by character; see the module
/// documentation. Register it with [`register`] (which adds the length filter).
#[derive(Clone, Default)]
pub struct CjkBigramTokenizer {
    /// Reused between calls: the folded characters of the current text.
    folded: Vec<Folded>,
}

/// The token stream of [`CjkBigramTokenizer`].
pub struct CjkBigramTokenStream<'a> {
    chars: &'a [Folded],
    /// Next character to look at.
    cursor: usize,
    /// End of the CJK run of two or more characters being cut into bigrams;
    /// `cursor < run_end` while inside one.
    run_end: usize,
    /// Position of the next token.
    next_position: usize,
    token: Token,
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkBigramTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        fold_chars(text, &mut self.folded);
        CjkBigramTokenStream {
            chars: &self.folded,
            cursor: 0,
            run_end: 0,
            next_position: 0,
            token: Token::default(),
        }
    }
}

impl CjkBigramTokenStream<'_> {
    /// Makes the characters `start..end` the current token.
    fn emit(&mut self, start: usize, end: usize) {
        let chars = &self.chars[start..end];
        self.token.text.clear();
        self.token.text.extend(chars.iter().map(|f| f.ch));
        self.token.offset_from = chars[0].from;
        self.token.offset_to = chars[chars.len() - 1].to;
        self.token.position = self.next_position;
        self.token.position_length = 1;
        self.next_position += 1;
    }
}

impl TokenStream for CjkBigramTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let len = self.chars.len();
        loop {
            if self.cursor < self.run_end {
                let i = self.cursor;
                self.cursor += 1;
                if i + 1 < self.run_end {
                    self.emit(i, i + 2);
                    return true;
                }
                // The run's last character is in the last bigram already.
                continue;
            }
            while self.cursor < len && !is_cjk(self.chars[self.cursor].ch) && !is_word_start(self.chars[self.cursor].ch)
            {
                self.cursor += 1;
            }
            if self.cursor >= len {
                return false;
            }
            let start = self.cursor;
            let mut end = start + 1;
            if is_cjk(self.chars[start].ch) {
                while end < len && is_cjk(self.chars[end].ch) {
                    end += 1;
                }
                if end - start == 1 {
                    self.cursor = end;
                    self.emit(start, end);
                    return true;
                }
                self.run_end = end;
            } else {
                while end < len && is_word_continue(self.chars[end].ch) {
                    end += 1;
                }
                self.cursor = end;
                self.emit(start, end);
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All tokens of the bare tokenizer (no length filter).
    fn all_tokens(text: &str) -> Vec<Token> {
        let mut tokenizer = CjkBigramTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    fn texts(text: &str) -> Vec<String> {
        tokens(text)
    }

    #[test]
    fn normalise_folds_width_script_and_case() {
        assert_eq!(normalise("ＡＢＣ１２３"), "abc123");
        assert_eq!(normalise("嘉峪關市雄關建設有限公司"), "嘉峪关市雄关建设有限公司");
        assert_eq!(normalise("嘉市監罰（２０２３）１２號"), "嘉市监罚(2023)12号");
        assert_eq!(normalise("〔2023〕"), "〔2023〕");
        assert_eq!(normalise("Cafe\u{301} ㈱"), "café (株)");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn partial_names_share_bigrams() {
        let name = texts("嘉峪关市雄关建设有限公司");
        assert_eq!(
            name,
            [
                "嘉峪", "峪关", "关市", "市雄", "雄关", "关建", "建设", "设有", "有限", "限公", "公司"
            ]
        );
        let query = texts("嘉峪关");
        assert_eq!(query, ["嘉峪", "峪关"]);
        for t in &query {
            assert!(name.contains(t), "{t}");
        }
        // The query's bigrams are consecutive in the name: a phrase matches.
        assert_eq!(&name[0..2], &query[..]);
        let fragment = texts("南湖区");
        assert!(texts("南湖区小明餐饮店").starts_with(&fragment));
    }

    #[test]
    fn both_scripts_give_the_same_tokens() {
        assert_eq!(texts("嘉峪關"), texts("嘉峪关"));
        assert_eq!(texts("嘉峪關市雄關建設有限公司"), texts("嘉峪关市雄关建设有限公司"));
        assert_eq!(
            texts("未取得食品經營許可從事食品經營活動"),
            texts("未取得食品经营许可从事食品经营活动")
        );
    }

    #[test]
    fn width_and_case_fold() {
        assert_eq!(texts("ＡＢＣ１２３"), ["abc123"]);
        assert_eq!(texts("ABC123"), ["abc123"]);
        assert_eq!(texts("abc123"), ["abc123"]);
        assert_eq!(texts("ＫＴＶ（南湖店）"), ["ktv", "南湖", "湖店"]);
    }

    #[test]
    fn mixed_text() {
        assert_eq!(
            texts("南湖区ABC餐饮店2号"),
            ["南湖", "湖区", "abc", "餐饮", "饮店", "2", "号"]
        );
        // A lone ideograph between other runs is a token of its own.
        assert_eq!(texts("2023年5月"), ["2023", "年", "5", "月"]);
        assert_eq!(
            texts("嘉市监罚〔2023〕12号"),
            ["嘉市", "市监", "监罚", "2023", "12", "号"]
        );
        assert_eq!(texts("嘉市监罚[2023]12号"), texts("嘉市监罚〔2023〕12号"));
        assert_eq!(
            texts("罚款1.5万元，没收违法所得"),
            ["罚款", "1", "5", "万元", "没收", "收违", "违法", "法所", "所得"]
        );
        assert_eq!(texts("张三"), ["张三"]);
        assert_eq!(texts("张"), ["张"]);
        assert_eq!(texts("〇"), ["〇"]);
        assert_eq!(texts("二〇二三年"), ["二〇", "〇二", "二三", "三年"]);
    }

    #[test]
    fn punctuation_and_space_only_give_nothing() {
        assert!(texts("").is_empty());
        assert!(texts("  ，。、（）〔〕【】[]()《》 -_/\\").is_empty());
    }

    #[test]
    fn positions_are_sequential() {
        for text in [
            "南湖区ABC餐饮店2号",
            "嘉峪关市雄关建设有限公司",
            "  a, b；c 中 文字 ｘ１ ",
        ] {
            let tokens = all_tokens(text);
            assert!(!tokens.is_empty());
            for (i, t) in tokens.iter().enumerate() {
                assert_eq!(t.position, i, "{text}: {t:?}");
                assert_eq!(t.position_length, 1);
            }
        }
    }

    #[test]
    fn offsets_slice_the_original_text() {
        let text = "南湖區ＡＢＣ餐飲店2號";
        let slices: Vec<(&str, String)> = all_tokens(text)
            .into_iter()
            .map(|t| (&text[t.offset_from..t.offset_to], t.text))
            .collect();
        let expected = [
            ("南湖", "南湖"),
            ("湖區", "湖区"),
            ("ＡＢＣ", "abc"),
            ("餐飲", "餐饮"),
            ("飲店", "饮店"),
            ("2", "2"),
            ("號", "号"),
        ];
        assert_eq!(slices.len(), expected.len());
        for ((slice, token), (want_slice, want_token)) in slices.iter().zip(expected) {
            assert_eq!(*slice, want_slice);
            assert_eq!(token, want_token);
        }
        // A character that NFKC expands keeps its own range.
        let text = "A㈱B";
        let tokens = all_tokens(text);
        let got: Vec<(&str, &str)> = tokens
            .iter()
            .map(|t| (&text[t.offset_from..t.offset_to], t.text.as_str()))
            .collect();
        assert_eq!(got, [("A", "a"), ("㈱", "株"), ("B", "b")]);
        // Combining marks stay with their letter.
        let text = "Cafe\u{301}!";
        let tokens = all_tokens(text);
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].text, "café");
        assert_eq!(&text[tokens[0].offset_from..tokens[0].offset_to], "Cafe\u{301}");
    }

    #[test]
    fn per_character_folding_agrees_with_normalise() {
        for text in [
            "嘉峪關市雄關建設有限公司",
            "南湖區ＡＢＣ餐飲店2號",
            "嘉市監罰（２０２３）１２號",
            "未取得《食品經營許可證》從事食品銷售，違反了《中華人民共和國食品安全法》第三十五條",
            "Café ① ㈱ ｶﾀｶﾅ ﾊﾟﾝ",
            "ΑΒΓ Straße İstanbul",
        ] {
            assert_eq!(texts(text), texts(&normalise(text)), "{text}");
        }
    }

    #[test]
    fn long_tokens_are_dropped_by_the_analyzer() {
        let long = "a".repeat(MAX_TOKEN_BYTES);
        assert_eq!(texts(&format!("ok {long} 中文")), ["ok", "中文"]);
        let shorter = "a".repeat(MAX_TOKEN_BYTES - 1);
        assert_eq!(texts(&shorter), vec![shorter]);
    }

    #[test]
    fn index_search_and_highlight() {
        use tantivy::collector::TopDocs;
        use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
        use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED};
        use tantivy::snippet::SnippetGenerator;
        use tantivy::{doc, Index, TantivyDocument, Term};

        let mut builder = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(CJK_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let name = builder.add_text_field("name", TextOptions::default().set_indexing_options(indexing) | STORED);
        let index = Index::create_in_ram(builder.build());
        register(&index);
        let mut writer = index.writer(15_000_000).unwrap();
        for n in [
            "嘉峪关市雄关建设有限公司",
            "南湖区小明餐饮店",
            "嘉峪關旅遊有限公司",
            "雄关路小吃店",
        ] {
            writer.add_document(doc!(name => n)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();

        let query_for = |text: &str| -> Box<dyn Query> {
            let terms: Vec<Term> = tokens(text).iter().map(|t| Term::from_field_text(name, t)).collect();
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = terms
                .iter()
                .map(|t| {
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqsAndPositions)) as _,
                    )
                })
                .collect();
            if terms.len() > 1 {
                clauses.push((Occur::Should, Box::new(PhraseQuery::new(terms))));
            }
            Box::new(BooleanQuery::new(clauses))
        };
        let found = |text: &str| -> Vec<String> {
            let query = query_for(text);
            let mut names: Vec<String> = searcher
                .search(&query, &TopDocs::with_limit(10))
                .unwrap()
                .into_iter()
                .map(|(_, addr)| {
                    let doc: TantivyDocument = searcher.doc(addr).unwrap();
                    doc.get_first(name).unwrap().as_str().unwrap().to_string()
                })
                .collect();
            names.sort();
            names
        };
        assert_eq!(found("嘉峪关"), ["嘉峪关市雄关建设有限公司", "嘉峪關旅遊有限公司"]);
        assert_eq!(found("嘉峪關"), found("嘉峪关"));
        assert_eq!(found("南湖区"), ["南湖区小明餐饮店"]);
        assert_eq!(found("雄關"), ["嘉峪关市雄关建设有限公司", "雄关路小吃店"]);

        // Highlighting uses the offsets into the stored (Traditional) text.
        let query = query_for("嘉峪关");
        let generator = SnippetGenerator::create(&searcher, &*query, name).unwrap();
        let snippet = generator.snippet("嘉峪關旅遊有限公司");
        assert_eq!(snippet.to_html(), "<b>嘉峪關</b>旅遊有限公司");
    }
}
