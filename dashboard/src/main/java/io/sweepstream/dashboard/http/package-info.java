/**
 * The web server: the page's static files, the JSON API over the view, one Server-Sent Events
 * stream of coalesced changes, and the two commands behind a token when bound beyond loopback.
 */
package io.sweepstream.dashboard.http;
