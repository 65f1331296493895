package org.tunnelgate.portal.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.tunnelgate.platform.BusinessException;

/** The one place a JAX-RS resource's refused use case becomes an HTTP answer (see {@link Refusals}). */
@Provider
public class BusinessExceptionMapper implements ExceptionMapper<BusinessException> {

    @Override
    public Response toResponse(BusinessException refusal) {
        return Refusals.response(refusal);
    }
}
