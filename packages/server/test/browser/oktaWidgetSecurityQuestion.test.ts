import { BUNDLES } from '../support/oktaWidget.js';
import { oktaWidgetSecurityQuestionTests } from '../support/oktaWidgetSecurityQuestion.js';

// The package's default bundle (Gen2); Gen3 in oktaWidgetGen3SecurityQuestion.test.ts.
oktaWidgetSecurityQuestionTests(BUNDLES.gen2);
