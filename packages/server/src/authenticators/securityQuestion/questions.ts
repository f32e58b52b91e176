/** Okta's key of the security question authenticator (its type is the same word). */
export const SECURITY_QUESTION_KEY = 'security_question';

/** The questionKey of a question the person writes themselves. */
export const CUSTOM_QUESTION_KEY = 'custom';

/**
 * The questions Okta offers, in the order it lists them (authenticator-enroll-security-question
 * recordings). Okta's widget still translates `first_kiss_location`, but Okta no longer offers it.
 */
export const PREDEFINED_QUESTIONS: ReadonlyArray<{ questionKey: string; question: string }> = [
  { questionKey: 'disliked_food', question: 'What is the food you least liked as a child?' },
  { questionKey: 'name_of_first_plush_toy', question: 'What is the name of your first stuffed animal?' },
  { questionKey: 'first_award', question: 'What did you earn your first medal or award for?' },
  { questionKey: 'favorite_security_question', question: 'What is your favorite security question?' },
  { questionKey: 'favorite_toy', question: 'What is the toy/stuffed animal you liked the most as a kid?' },
  { questionKey: 'first_computer_game', question: 'What was the first computer game you played?' },
  { questionKey: 'favorite_movie_quote', question: 'What is your favorite movie quote?' },
  { questionKey: 'first_sports_team_mascot', question: 'What was the mascot of the first sports team you played on?' },
  { questionKey: 'first_music_purchase', question: 'What music album or song did you first purchase?' },
  { questionKey: 'favorite_art_piece', question: 'What is your favorite piece of art?' },
  { questionKey: 'grandmother_favorite_desert', question: "What was your grandmother's favorite dessert?" },
  { questionKey: 'first_thing_cooked', question: 'What was the first thing you learned to cook?' },
  { questionKey: 'childhood_dream_job', question: 'What was your dream job as a child?' },
  { questionKey: 'place_where_significant_other_was_met', question: 'Where did you meet your spouse/significant other?' },
  { questionKey: 'favorite_vacation_location', question: 'Where did you go for your favorite vacation?' },
  { questionKey: 'new_years_two_thousand', question: "Where were you on New Year's Eve in the year 2000?" },
  { questionKey: 'favorite_speaker_actor', question: 'Who is your favorite speaker/orator?' },
  { questionKey: 'favorite_book_movie_character', question: 'Who is your favorite book/movie character?' },
  { questionKey: 'favorite_sports_player', question: 'Who is your favorite sports player?' },
];

export const predefinedQuestion = (questionKey: string): string | undefined => PREDEFINED_QUESTIONS.find((q) => q.questionKey === questionKey)?.question;
