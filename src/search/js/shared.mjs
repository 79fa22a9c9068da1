// The constants the browser engine shares with the Rust one. Generated from
// src/search/shared.json (edit that file; `TEBIKI_BLESS=1 cargo test shared` rewrites this one).
export const ABSENT_PART = 3;
export const ABSENT_WEIGHT = 2;
export const ABSENT_WEIGHT_CJK = 3;
export const COVERAGE_POWER = 2;
export const FORMAT = 4;
export const FUNCTION_WORDS = ["た","だ","て","ている","ています","ていた","ていない","てる","てた","てしまった","ちゃった","ました","ます","ません","ない","なかった","なく","なくて","なった","なる","たい","たら","たり","れば","ば","られる","られた","れる","れた","される","された","させる","させた","した","して","する","します","しました","しない","したい","したら","すれば","すべき","べき","できる","できない","できた","どう","どうする","どうすれば","どうしたら","どうやって","どの","どのくらい","どれくらい","どんな","なに","なぜ","いつ","どこ","だれ","ですか","ますか","でしょうか","です","でした","だった","ように","ための","ため","こと","とき","ところ","について","における","として","なら","けど","ので","のに","って","いい","よい","まずい","やる","やった","ね","よ","さん"];
export const KIND_WEIGHTS = [0.9,0.9,0.8,0.6,0.7];
export const KINDS = ["variant","inflection","reading","homophone","synonym"];
export const MAX_EXPANSIONS = 16;
export const MAX_KEY_CHARS = 12;
export const MAX_KEY_WORDS = 4;
export const MAX_VARIANTS = 8;
export const MAX_WORD_CHARS = 64;
export const MIN_COVERAGE = 0.5;
export const PARTICLES = ["の","に","を","は","が","で","と","へ","も","や","か","から","まで","より","への","での","との","には","では","とは","など","にも","でも","とも"];
export const STOP_WORDS = ["a","an","and","are","as","at","be","by","can","do","does","for","from","how","i","in","is","it","of","on","or","that","the","this","to","was","what","when","where","which","who","why","with","we","our","us","you","your","my","me","they","their","there","if","should","would","could","will","shall","may","might","must","about","has","have","had","been","did","its","it's","so","than","then","these","those","into","still","any","some","after","tell","say","get","make","take","go","keep","need","want","way","ways","know"];
