package org.bonemonitor.cdshooks;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds {@link CdsJwtVerifier}'s filter to the CDS Hooks endpoints: the caller must carry a CDS client JWT. */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CdsClientAuthenticated {
}
