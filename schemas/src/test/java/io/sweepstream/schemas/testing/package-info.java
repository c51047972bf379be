/**
 * Test helpers the modules' tests share, published as schemas' test-jar: a role's clients without a
 * broker, a captured log, and a bounded wait.
 */
package io.sweepstream.schemas.testing;
