import { BUNDLES } from '../support/oktaWidget.js';
import { oktaWidgetSecurityQuestionTests } from '../support/oktaWidgetSecurityQuestion.js';

// Gen3 of the widget (okta-sign-in.next.js, in the same v7 package): what Okta's hosted page runs.
oktaWidgetSecurityQuestionTests(BUNDLES.gen3);
