/**
 * Digit words (zero to nine, and the tens a phone is read in) of the languages the marketplace's
 * texts are written in, English and Chinese aside (their passes read more: glued forms, teens,
 * numerals): a phone spelled a word per digit in any of them is found by the scrubber, and counted
 * against a public nickname's numerals. One list, so the two never disagree.
 */
export const DIGIT_WORDS: readonly string[] = [
  // pinyin
  'ling', 'yi', 'er', 'san', 'si', 'wu', 'liu', 'qi', 'ba', 'jiu', 'yao',
  // Japanese, romanized
  'zero', 'rei', 'ichi', 'ni', 'yon', 'shi', 'go', 'roku', 'nana', 'shichi', 'hachi', 'kyu', 'ku',
  // Spanish, Portuguese, Italian
  'cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'um', 'dois', 'três', 'quatro', 'sete', 'oito', 'nove', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto',
  // French, with the tens a French phone is read in
  'zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante',
  // German, Dutch
  'null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'fuenf', 'sechs', 'sieben', 'acht', 'neun', 'nul', 'een', 'twee', 'drie', 'vijf', 'zes', 'zeven', 'negen',
  // Polish, Turkish, Russian
  'jeden', 'dwa', 'trzy', 'cztery', 'pięć', 'sześć', 'siedem', 'osiem', 'dziewięć', 'sıfır', 'bir', 'iki', 'üç', 'dört', 'beş', 'altı', 'yedi', 'sekiz', 'dokuz', 'ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять',
  // Nordic, Finnish
  'en', 'ett', 'to', 'två', 'tre', 'fire', 'fyra', 'fem', 'seks', 'sex', 'sju', 'syv', 'åtta', 'otte', 'åtte', 'nio', 'yksi', 'kaksi', 'kolme', 'neljä', 'viisi', 'kuusi', 'seitsemän', 'kahdeksan', 'yhdeksän', 'nolla',
  // Indonesian, Malay, Tagalog, Vietnamese, Hindi romanized
  'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'nol', 'kosong', 'lapan', 'isa', 'dalawa', 'tatlo', 'apat', 'anim', 'pito', 'walo', 'siyam', 'một', 'hai', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín', 'không', 'ek', 'do', 'teen', 'char', 'panch', 'chhe', 'saat', 'aath', 'nau', 'shunya',
  // Greek, Hindi, Arabic, Thai
  'μηδέν', 'ένα', 'δύο', 'τρία', 'τέσσερα', 'πέντε', 'έξι', 'επτά', 'οκτώ', 'εννέα', 'शून्य', 'एक', 'दो', 'तीन', 'चार', 'पांच', 'पाँच', 'छह', 'सात', 'आठ', 'नौ', 'صفر', 'واحد', 'اثنان', 'ثلاثة', 'أربعة', 'خمسة', 'ستة', 'سبعة', 'ثمانية', 'تسعة', 'ศูนย์', 'หนึ่ง', 'สอง', 'สาม', 'สี่', 'ห้า', 'หก', 'เจ็ด', 'แปด', 'เก้า',
];

/** The words as one alternation, each as `read` gives it (none where it gives ''), longest first (`seis` before `sei`). */
export function digitWordAlternation(read: (word: string) => string = (word) => word): string {
  return [...new Set(DIGIT_WORDS.map(read))].filter(Boolean).sort((a, b) => b.length - a.length).join('|');
}
