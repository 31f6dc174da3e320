/**
 * Whose call it is: {@link dev.calloutcomes.tenant.TenantResolver}s that name a webhook's tenant from
 * signed evidence, and the {@link dev.calloutcomes.tenant.TenantTokenVerifier} for the API's bearer tokens.
 */
package dev.calloutcomes.tenant;
