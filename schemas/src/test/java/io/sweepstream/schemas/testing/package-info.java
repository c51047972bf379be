/**
 * Test helpers the modules' tests share, published as schemas' test-jar: a role's clients without a
 * broker, a captured log, a bounded wait, and a bounded call for bad-input properties.
 */
package io.sweepstream.schemas.testing;
