package org.bonemonitor.writeback;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** Our resource id → our business identifier, for conditional references to resources sent earlier. */
@Entity
@Table(name = "outbox_resource_identity")
public class ResourceIdentity {

    @EmbeddedId
    public Key key;

    @Column(name = "identifier_system", nullable = false, length = 512)
    public String identifierSystem;

    @Column(name = "identifier_value", nullable = false, length = 512)
    public String identifierValue;

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "res_type", nullable = false, length = 64)
        public String resType;

        @Column(name = "res_id", nullable = false, length = 64)
        public String resId;

        public Key() {
        }

        public Key(String resType, String resId) {
            this.resType = resType;
            this.resId = resId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.resType.equals(resType) && k.resId.equals(resId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(resType, resId);
        }
    }
}
