package org.bonemonitor.cdshooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code fhirServer} of a hook request the service will query with the client's
 * {@code fhirAuthorization} token: an {@code https} URL (plain {@code http} only to a loopback address,
 * and only where {@code bone-monitor.cds-hooks.allow-loopback-fhir-server} is on: local development and
 * tests), never a loopback (otherwise), link-local, multicast, unspecified or cloud-metadata address,
 * and, when the calling issuer has an allow-list, under one of its base URLs. A host name is resolved
 * once here; every address it resolves to must pass.
 */
final class FhirServerPolicy {

    /** Metadata services reachable without link-local addresses (Alibaba, AWS IPv6), and the GCP names. */
    private static final Set<String> METADATA = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254", "metadata.google.internal",
            "metadata");

    private FhirServerPolicy() {
    }

    /** @throws CdsException 400 when the URL may not be queried */
    static void check(String fhirServer, boolean allowLoopback, Optional<List<String>> allowList) {
        URI uri;
        try {
            uri = new URI(fhirServer);
        } catch (URISyntaxException e) {
            throw refused("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused("must be an https URL");
        }
        if (host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw refused("must be an https URL with a host and no user info, query or fragment");
        }
        if (METADATA.contains(host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", ""))) {
            throw refused("names a cloud metadata service");
        }
        if (allowList.isPresent() && allowList.get().stream().noneMatch(base -> under(fhirServer, base))) {
            throw refused("is not one of the FHIR servers allowed for this CDS client");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            if (scheme.equals("http")) {
                throw refused("must be an https URL");
            }
            return; // nothing to reach: the fallback query fails and the data counts as unobtainable
        }
        boolean loopback = true;
        for (InetAddress address : addresses) {
            if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isMulticastAddress()
                    || METADATA.contains(address.getHostAddress())) {
                throw refused("resolves to an address that is never queried (link-local, metadata, multicast or unspecified)");
            }
            loopback &= address.isLoopbackAddress();
            if (address.isLoopbackAddress() && !allowLoopback) {
                throw refused("resolves to a loopback address");
            }
        }
        if (scheme.equals("http") && !(allowLoopback && loopback)) {
            throw refused("must be an https URL");
        }
    }

    private static boolean under(String url, String base) {
        String b = base.endsWith("/") ? base : base + "/";
        return url.equals(base) || (url.endsWith("/") ? url : url + "/").startsWith(b);
    }

    private static CdsException refused(String why) {
        return CdsException.badRequest("fhirServer " + why);
    }
}
