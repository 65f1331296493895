/**
 * HTTP plumbing every edge shares — strict form parsing, the public base URL and trusted proxies,
 * dates, JSON errors and the one mapping of business exceptions to statuses — and nothing else.
 */
package org.tunnelgate.portal.http;
