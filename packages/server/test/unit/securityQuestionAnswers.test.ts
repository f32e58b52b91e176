import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkChoice, normalizeAnswer } from '../../src/authenticators/securityQuestion/answers.js';

describe('security question answers', () => {
  it('are compared in one form: NFKC, case-folded, trimmed, inner whitespace as one space', () => {
    const same: Array<[string, string]> = [
      ['  Mister \t  BEAR\n', 'mister bear'],
      ['Straße', 'strasse'], // ß folds to ss
      ['ＦＵＬＬ　ｗｉｄｔｈ', 'full width'], // full-width letters and space
      ['ﬁsh', 'fish'], // the fi ligature
      ['Cafe\u0301', 'caf\u00e9'], // e + combining accent is é
    ];
    for (const [typed, stored] of same) assert.equal(normalizeAnswer(typed), stored, typed);
  });

  it('refuse answers that give the question away, by its words, however typed', () => {
    const refused = (questionKey: string, answer: string) => {
      const checked = checkChoice({ questionKey, answer }, 4);
      return !checked.ok && checked.fieldMessages['credentials.answer']?.[0].key === 'securityQuestion.answer.containsQuestion';
    };
    assert.equal(refused('favorite_movie_quote', 'What is your favorite movie quote?'), true);
    assert.equal(refused('favorite_movie_quote', 'well, WHAT IS YOUR favorite movie quote'), true);
    assert.equal(refused('first_computer_game', 'Computer!'), true);
    assert.equal(refused('first_computer_game', 'computer chess'), false, 'a word of the question within a longer answer is an answer');
    assert.equal(refused('first_computer_game', 'Pong'), false);
  });
});
