/**
 * The sweep commands a user gives (stop a run; pause, resume, cancel a sweep), published one way
 * whether they come from the command line or the dashboard.
 */
package io.sweepstream.schemas.command;
