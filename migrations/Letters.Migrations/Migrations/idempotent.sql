CREATE TABLE IF NOT EXISTS __ef_migrations_history (
    migration_id character varying(150) NOT NULL,
    product_version character varying(32) NOT NULL,
    CONSTRAINT pk___ef_migrations_history PRIMARY KEY (migration_id)
);

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE admin_actions (
        id bigint GENERATED ALWAYS AS IDENTITY,
        admin_id uuid NOT NULL,
        admin_name character varying(320) NOT NULL,
        action character varying(60) NOT NULL,
        subject character varying(200) NOT NULL,
        details character varying(2000),
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_admin_actions PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE clients (
        id uuid NOT NULL,
        name character varying(200) NOT NULL,
        email character varying(320) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_clients PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE queues (
        id uuid NOT NULL,
        slug character varying(64) NOT NULL,
        name character varying(200) NOT NULL,
        is_default boolean NOT NULL,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_queues PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE roles (
        id uuid NOT NULL,
        name character varying(256),
        normalized_name character varying(256),
        concurrency_stamp text,
        CONSTRAINT pk_roles PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE users (
        id uuid NOT NULL,
        display_name character varying(200) NOT NULL,
        user_name character varying(256),
        normalized_user_name character varying(256),
        email character varying(256),
        normalized_email character varying(256),
        email_confirmed boolean NOT NULL,
        password_hash text,
        security_stamp text,
        concurrency_stamp text,
        phone_number text,
        phone_number_confirmed boolean NOT NULL,
        two_factor_enabled boolean NOT NULL,
        lockout_end timestamp with time zone,
        lockout_enabled boolean NOT NULL,
        access_failed_count integer NOT NULL,
        CONSTRAINT pk_users PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE api_keys (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        mode character varying(8) NOT NULL,
        prefix character varying(32) NOT NULL,
        hash bytea NOT NULL,
        label character varying(100),
        created_at timestamp with time zone NOT NULL,
        revoked_at timestamp with time zone,
        CONSTRAINT pk_api_keys PRIMARY KEY (id),
        CONSTRAINT fk_api_keys_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE idempotency_records (
        id bigint GENERATED ALWAYS AS IDENTITY,
        client_id uuid NOT NULL,
        key character varying(256) NOT NULL,
        request_hash character varying(64) NOT NULL,
        status_code integer NOT NULL,
        response_body text NOT NULL,
        created_at timestamp with time zone NOT NULL,
        expires_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_idempotency_records PRIMARY KEY (id),
        CONSTRAINT fk_idempotency_records_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE recipients (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        name character varying(200) NOT NULL,
        relationship character varying(200),
        address_line1 character varying(200) NOT NULL,
        address_line2 character varying(200),
        city character varying(100) NOT NULL,
        region character varying(100),
        postal_code character varying(20) NOT NULL,
        country character(2) NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        deleted_at timestamp with time zone,
        CONSTRAINT pk_recipients PRIMARY KEY (id),
        CONSTRAINT fk_recipients_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE routing_rules (
        id uuid NOT NULL,
        queue_id uuid NOT NULL,
        position integer NOT NULL,
        occasion character varying(32),
        language character varying(35),
        CONSTRAINT pk_routing_rules PRIMARY KEY (id),
        CONSTRAINT fk_routing_rules_queues_queue_id FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE role_claims (
        id integer GENERATED BY DEFAULT AS IDENTITY,
        role_id uuid NOT NULL,
        claim_type text,
        claim_value text,
        CONSTRAINT pk_role_claims PRIMARY KEY (id),
        CONSTRAINT fk_role_claims_roles_role_id FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE user_claims (
        id integer GENERATED BY DEFAULT AS IDENTITY,
        user_id uuid NOT NULL,
        claim_type text,
        claim_value text,
        CONSTRAINT pk_user_claims PRIMARY KEY (id),
        CONSTRAINT fk_user_claims_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE user_logins (
        login_provider text NOT NULL,
        provider_key text NOT NULL,
        provider_display_name text,
        user_id uuid NOT NULL,
        CONSTRAINT pk_user_logins PRIMARY KEY (login_provider, provider_key),
        CONSTRAINT fk_user_logins_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE user_roles (
        user_id uuid NOT NULL,
        role_id uuid NOT NULL,
        CONSTRAINT pk_user_roles PRIMARY KEY (user_id, role_id),
        CONSTRAINT fk_user_roles_roles_role_id FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE CASCADE,
        CONSTRAINT fk_user_roles_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE user_tokens (
        user_id uuid NOT NULL,
        login_provider text NOT NULL,
        name text NOT NULL,
        value text,
        CONSTRAINT pk_user_tokens PRIMARY KEY (user_id, login_provider, name),
        CONSTRAINT fk_user_tokens_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE writers (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        display_name character varying(200) NOT NULL,
        skills text[] NOT NULL,
        languages text[] NOT NULL,
        capacity integer NOT NULL,
        availability character varying(16) NOT NULL,
        availability_changed_at timestamp with time zone,
        last_seen_at timestamp with time zone,
        is_active boolean NOT NULL,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_writers PRIMARY KEY (id),
        CONSTRAINT ck_writers_capacity CHECK (capacity BETWEEN 0 AND 50),
        CONSTRAINT fk_writers_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE orders (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        is_test boolean NOT NULL,
        occasion character varying(32) NOT NULL,
        relationship character varying(200) NOT NULL,
        brief character varying(5000) NOT NULL,
        tone character varying(32) NOT NULL,
        length character varying(16) NOT NULL,
        language character varying(35) NOT NULL,
        style character varying(40) NOT NULL,
        ink character varying(40) NOT NULL,
        paper character varying(40) NOT NULL,
        page_size character varying(16) NOT NULL,
        signature character varying(200),
        deliver_by date NOT NULL,
        priority integer NOT NULL,
        metadata jsonb NOT NULL,
        status character varying(32) NOT NULL,
        queue_id uuid,
        due_at timestamp with time zone NOT NULL,
        claimed_by uuid,
        claimed_at timestamp with time zone,
        lease_until timestamp with time zone,
        attempt integer NOT NULL,
        declined_by uuid[] NOT NULL,
        sticky_writer_id uuid,
        sticky_until timestamp with time zone,
        lease_expiries integer NOT NULL,
        needs_admin boolean NOT NULL,
        revisions_used integer NOT NULL,
        auto_draft boolean NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_orders PRIMARY KEY (id),
        CONSTRAINT ck_orders_attempt CHECK (attempt >= 0),
        CONSTRAINT ck_orders_claim CHECK ((status IN ('claimed', 'changes_requested') AND claimed_by IS NOT NULL AND lease_until IS NOT NULL) OR (status NOT IN ('claimed', 'changes_requested'))),
        CONSTRAINT ck_orders_queued_unclaimed CHECK (status <> 'queued' OR claimed_by IS NULL),
        CONSTRAINT fk_orders_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE RESTRICT,
        CONSTRAINT fk_orders_queues_queue_id FOREIGN KEY (queue_id) REFERENCES queues (id) ON DELETE SET NULL,
        CONSTRAINT fk_orders_recipients_recipient_id FOREIGN KEY (recipient_id) REFERENCES recipients (id) ON DELETE RESTRICT,
        CONSTRAINT fk_orders_writers_claimed_by FOREIGN KEY (claimed_by) REFERENCES writers (id) ON DELETE RESTRICT,
        CONSTRAINT fk_orders_writers_sticky_writer_id FOREIGN KEY (sticky_writer_id) REFERENCES writers (id) ON DELETE SET NULL
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE drafts (
        id uuid NOT NULL,
        order_id uuid NOT NULL,
        version integer NOT NULL,
        writer_id uuid NOT NULL,
        attempt integer NOT NULL,
        salutation character varying(200) NOT NULL,
        body character varying(20000) NOT NULL,
        closing character varying(200) NOT NULL,
        signature character varying(200) NOT NULL,
        submitted boolean NOT NULL,
        created_at timestamp with time zone NOT NULL,
        saved_at timestamp with time zone NOT NULL,
        saves integer NOT NULL DEFAULT 1,
        session uuid,
        CONSTRAINT pk_drafts PRIMARY KEY (id),
        CONSTRAINT fk_drafts_orders_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
        CONSTRAINT fk_drafts_writers_writer_id FOREIGN KEY (writer_id) REFERENCES writers (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE order_events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        order_id uuid NOT NULL,
        type character varying(40) NOT NULL,
        from_status character varying(32),
        to_status character varying(32),
        actor_kind character varying(16) NOT NULL,
        actor_id uuid,
        actor_name character varying(200) NOT NULL,
        note character varying(2000),
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_order_events PRIMARY KEY (id),
        CONSTRAINT fk_order_events_orders_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE renditions (
        id uuid NOT NULL,
        order_id uuid NOT NULL,
        draft_id uuid NOT NULL,
        kind character varying(8) NOT NULL,
        pdf bytea NOT NULL,
        sha256 character(64) NOT NULL,
        page_count integer NOT NULL,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_renditions PRIMARY KEY (id),
        CONSTRAINT fk_renditions_drafts_draft_id FOREIGN KEY (draft_id) REFERENCES drafts (id) ON DELETE RESTRICT,
        CONSTRAINT fk_renditions_orders_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE reviews (
        id uuid NOT NULL,
        order_id uuid NOT NULL,
        draft_id uuid NOT NULL,
        reviewer_id uuid NOT NULL,
        reviewer_name character varying(200) NOT NULL,
        decision character varying(24) NOT NULL,
        notes character varying(5000),
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_reviews PRIMARY KEY (id),
        CONSTRAINT fk_reviews_drafts_draft_id FOREIGN KEY (draft_id) REFERENCES drafts (id) ON DELETE RESTRICT,
        CONSTRAINT fk_reviews_orders_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE TABLE thumbnails (
        rendition_id uuid NOT NULL,
        page integer NOT NULL,
        width integer NOT NULL,
        png bytea NOT NULL,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_thumbnails PRIMARY KEY (rendition_id, page, width),
        CONSTRAINT fk_thumbnails_renditions_rendition_id FOREIGN KEY (rendition_id) REFERENCES renditions (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    INSERT INTO queues (id, created_at, is_default, name, slug)
    VALUES ('019a0000-0000-7000-8000-000000000001', TIMESTAMPTZ '2026-11-01T00:00:00+00:00', TRUE, 'General', 'general');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    INSERT INTO roles (id, concurrency_stamp, name, normalized_name)
    VALUES ('0193a000-0000-7000-8000-0000000000a1', 'role-admin', 'admin', 'ADMIN');
    INSERT INTO roles (id, concurrency_stamp, name, normalized_name)
    VALUES ('0193a000-0000-7000-8000-0000000000a2', 'role-writer', 'writer', 'WRITER');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_admin_actions_created_at ON admin_actions (created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_api_keys_client_id ON api_keys (client_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (hash);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE UNIQUE INDEX ix_clients_email ON clients (email);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_drafts_writer_id ON drafts (writer_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE UNIQUE INDEX ux_drafts_order_version ON drafts (order_id, version);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_idempotency_expires_at ON idempotency_records (expires_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE UNIQUE INDEX ux_idempotency_client_key ON idempotency_records (client_id, key);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_order_events_order ON order_events (order_id, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_orders_autopilot ON orders (created_at) WHERE auto_draft AND status = 'queued';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_orders_claimed_by ON orders (claimed_by, status) WHERE claimed_by IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_orders_client_created ON orders (client_id, created_at, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_orders_lease_until ON orders (lease_until) WHERE lease_until IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_orders_metadata ON orders USING gin (metadata) WHERE metadata <> '{}'::jsonb;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_orders_queue_waiting ON orders (queue_id) WHERE status = 'queued';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_orders_recipient_id ON orders (recipient_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_orders_sticky_waiting ON orders (sticky_writer_id, priority DESC, due_at, created_at, id) WHERE status = 'queued' AND sticky_writer_id IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_orders_waiting ON orders (priority DESC, due_at, created_at, id) WHERE status = 'queued';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE UNIQUE INDEX ux_queues_default ON queues (is_default) WHERE is_default;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE UNIQUE INDEX ux_queues_slug ON queues (slug);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_recipients_client_created ON recipients (client_id, created_at, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_renditions_draft_id ON renditions (draft_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_renditions_order_kind ON renditions (order_id, kind, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_reviews_draft_id ON reviews (draft_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_reviews_order ON reviews (order_id, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_role_claims_role_id ON role_claims (role_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE UNIQUE INDEX "RoleNameIndex" ON roles (normalized_name);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_routing_rules_position ON routing_rules (position);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_routing_rules_queue_id ON routing_rules (queue_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_user_claims_user_id ON user_claims (user_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_user_logins_user_id ON user_logins (user_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX ix_user_roles_role_id ON user_roles (role_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE INDEX "EmailIndex" ON users (normalized_email);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE UNIQUE INDEX "UserNameIndex" ON users (normalized_user_name);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    CREATE UNIQUE INDEX ux_writers_user_id ON writers (user_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130090145_Initial') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130090145_Initial', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_recipients_name_trgm ON recipients USING gin (name gin_trgm_ops);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_orders_client_status_created ON orders (client_id, status, created_at, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_orders_created ON orders (created_at DESC, id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_orders_in_review ON orders (updated_at) WHERE status = 'in_review';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_orders_occasion_created ON orders (occasion, created_at DESC, id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_orders_status_created ON orders (status, created_at DESC, id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_orders_unwritten_due ON orders (queue_id, due_at) WHERE status IN ('received', 'queued', 'claimed', 'changes_requested');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_orders_writer_created ON orders (claimed_by, created_at DESC, id DESC) WHERE claimed_by IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_order_events_delivered ON order_events (created_at) WHERE type = 'delivered';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE INDEX ix_clients_search_trgm ON clients USING gin (name gin_trgm_ops, email gin_trgm_ops);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    CREATE MATERIALIZED VIEW writer_statistics AS
    WITH submitted AS (
        SELECT s.actor_id AS writer_id, extract(epoch FROM s.created_at - c.created_at) / 60 AS minutes
        FROM order_events s
        CROSS JOIN LATERAL (
            SELECT c.id, c.created_at FROM order_events c
            WHERE c.order_id = s.order_id AND c.actor_id = s.actor_id AND c.type = 'claimed' AND c.id < s.id
            ORDER BY c.id DESC LIMIT 1) c
        WHERE s.type = 'draft_submitted' AND s.actor_kind = 'writer'
          AND NOT EXISTS (SELECT 1 FROM order_events x
                          WHERE x.order_id = s.order_id AND x.type = 'draft_submitted' AND x.id > c.id AND x.id < s.id)),
    timing AS (
        SELECT writer_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY minutes) AS median FROM submitted GROUP BY writer_id),
    delivered AS (
        SELECT claimed_by AS writer_id, count(*) AS n FROM orders
        WHERE status = 'delivered' AND NOT is_test AND claimed_by IS NOT NULL GROUP BY claimed_by),
    reviewed AS (
        SELECT d.writer_id, avg(CASE WHEN r.decision = 'changes_requested' THEN 1.0 ELSE 0.0 END) AS sent_back
        FROM reviews r JOIN drafts d ON d.id = r.draft_id GROUP BY d.writer_id)
    SELECT w.id AS writer_id, coalesce(delivered.n, 0)::int AS delivered,
           timing.median::float8 AS median_minutes_to_submit, reviewed.sent_back::float8 AS sent_back_share, now() AS counted_at
    FROM writers w
    LEFT JOIN delivered ON delivered.writer_id = w.id
    LEFT JOIN timing ON timing.writer_id = w.id
    LEFT JOIN reviewed ON reviewed.writer_id = w.id;
    CREATE UNIQUE INDEX ux_writer_statistics_writer ON writer_statistics (writer_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130095246_HistoryIndexes') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130095246_HistoryIndexes', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130100341_DeliveryDays') THEN
    CREATE TABLE delivery_days (
        day date NOT NULL,
        delivered integer NOT NULL,
        CONSTRAINT pk_delivery_days PRIMARY KEY (day)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130100341_DeliveryDays') THEN
    INSERT INTO delivery_days (day, delivered)
    SELECT (e.created_at AT TIME ZONE 'UTC')::date, count(*)
    FROM order_events e JOIN orders o ON o.id = e.order_id
    WHERE e.type = 'delivered' AND NOT o.is_test
    GROUP BY 1;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130100341_DeliveryDays') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130100341_DeliveryDays', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130110049_SearchIndexes') THEN
    CREATE INDEX ix_orders_brief_search ON orders USING gin (to_tsvector('simple', brief));
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130110049_SearchIndexes') THEN
    CREATE INDEX ix_orders_client_occasion_created ON orders (client_id, occasion, created_at, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130110049_SearchIndexes') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130110049_SearchIndexes', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130111951_Prices') THEN
    ALTER TABLE orders ADD price jsonb;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130111951_Prices') THEN
    CREATE TABLE quotes (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        is_test boolean NOT NULL,
        length character varying(16) NOT NULL,
        priority integer NOT NULL,
        paper character varying(40) NOT NULL,
        price jsonb NOT NULL,
        created_at timestamp with time zone NOT NULL,
        expires_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_quotes PRIMARY KEY (id),
        CONSTRAINT fk_quotes_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130111951_Prices') THEN
    CREATE INDEX ix_quotes_client_id ON quotes (client_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130111951_Prices') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130111951_Prices', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130113805_ClientAccounts') THEN
    ALTER TABLE clients ADD email_confirmed_at timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130113805_ClientAccounts') THEN
    ALTER TABLE clients ADD password_hash text;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130113805_ClientAccounts') THEN
    ALTER TABLE clients ADD security_stamp uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130113805_ClientAccounts') THEN
    ALTER TABLE clients ADD suspended_at timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130113805_ClientAccounts') THEN
    ALTER TABLE api_keys ADD last_used_at timestamp with time zone;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130113805_ClientAccounts') THEN
    UPDATE clients SET security_stamp = gen_random_uuid();
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130113805_ClientAccounts') THEN
    CREATE UNIQUE INDEX ux_clients_email ON clients (upper(email));
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130113805_ClientAccounts') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130113805_ClientAccounts', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130115654_BriefSearch') THEN
    DROP INDEX ix_orders_brief_search;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130115654_BriefSearch') THEN
    ALTER TABLE orders ADD COLUMN brief_search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, brief)) STORED;
    CREATE INDEX ix_orders_brief_search ON orders USING gin (brief_search);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130115654_BriefSearch') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130115654_BriefSearch', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130123050_RecipientLetters') THEN
    CREATE INDEX ix_orders_recipient_finished ON orders (recipient_id, updated_at DESC) WHERE status IN ('approved', 'delivered');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130123050_RecipientLetters') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130123050_RecipientLetters', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130135856_EnvelopeChoices') THEN
    ALTER TABLE orders ADD envelope_size character varying(16);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130135856_EnvelopeChoices') THEN
    ALTER TABLE orders ADD window_address boolean NOT NULL DEFAULT FALSE;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130135856_EnvelopeChoices') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130135856_EnvelopeChoices', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130150104_ReturnAddress') THEN
    ALTER TABLE orders ADD return_address jsonb;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130150104_ReturnAddress') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130150104_ReturnAddress', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE TABLE webhook_endpoints (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        is_test boolean NOT NULL,
        url character varying(2048) NOT NULL,
        description character varying(500),
        event_types text[] NOT NULL,
        secret character varying(100) NOT NULL,
        previous_secret character varying(100),
        previous_secret_until timestamp with time zone,
        disabled_at timestamp with time zone,
        disabled_reason character varying(500),
        failing_since timestamp with time zone,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_webhook_endpoints PRIMARY KEY (id),
        CONSTRAINT fk_webhook_endpoints_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE TABLE webhook_messages (
        id character varying(40) NOT NULL,
        client_id uuid NOT NULL,
        is_test boolean NOT NULL,
        event_id bigint,
        type character varying(40) NOT NULL,
        body text NOT NULL,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_webhook_messages PRIMARY KEY (id),
        CONSTRAINT fk_webhook_messages_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE TABLE webhook_relay_cursor (
        id integer NOT NULL,
        tx_id bigint NOT NULL,
        event_id bigint NOT NULL,
        CONSTRAINT pk_webhook_relay_cursor PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE TABLE webhook_deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY,
        endpoint_id uuid NOT NULL,
        message_id character varying(40) NOT NULL,
        is_replay boolean NOT NULL,
        state character varying(16) NOT NULL,
        attempts integer NOT NULL,
        next_attempt_at timestamp with time zone NOT NULL,
        locked_until timestamp with time zone,
        created_at timestamp with time zone NOT NULL,
        delivered_at timestamp with time zone,
        CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
        CONSTRAINT fk_webhook_deliveries_webhook_endpoints_endpoint_id FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        CONSTRAINT fk_webhook_deliveries_webhook_messages_message_id FOREIGN KEY (message_id) REFERENCES webhook_messages (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE TABLE webhook_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY,
        delivery_id bigint NOT NULL,
        endpoint_id uuid NOT NULL,
        message_id character varying(40) NOT NULL,
        event_type character varying(40) NOT NULL,
        attempt integer NOT NULL,
        attempted_at timestamp with time zone NOT NULL,
        status_code integer,
        latency_ms integer NOT NULL,
        succeeded boolean NOT NULL,
        response character varying(1100),
        CONSTRAINT pk_webhook_attempts PRIMARY KEY (id),
        CONSTRAINT fk_webhook_attempts_webhook_deliveries_delivery_id FOREIGN KEY (delivery_id) REFERENCES webhook_deliveries (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE INDEX ix_webhook_attempts_delivery_id ON webhook_attempts (delivery_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE INDEX ix_webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE INDEX ix_webhook_deliveries_message_id ON webhook_deliveries (message_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE UNIQUE INDEX ux_webhook_deliveries_first ON webhook_deliveries (endpoint_id, message_id) WHERE NOT is_replay;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE INDEX ix_webhook_endpoints_client ON webhook_endpoints (client_id, is_test, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE INDEX ix_webhook_messages_client_id ON webhook_messages (client_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    CREATE UNIQUE INDEX ux_webhook_messages_event ON webhook_messages (event_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    ALTER TABLE order_events ADD COLUMN tx_id bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint;
    ALTER TABLE order_events ADD COLUMN client_id uuid;
    UPDATE order_events e SET client_id = o.client_id FROM orders o WHERE o.id = e.order_id;
    ALTER TABLE order_events ALTER COLUMN client_id SET NOT NULL;
    CREATE FUNCTION order_events_client() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT client_id INTO NEW.client_id FROM orders WHERE id = NEW.order_id;
        RETURN NEW;
    END $$;
    CREATE TRIGGER order_events_client BEFORE INSERT ON order_events FOR EACH ROW EXECUTE FUNCTION order_events_client();
    CREATE INDEX ix_order_events_settled ON order_events (tx_id, id);
    CREATE INDEX ix_order_events_client_feed ON order_events (client_id, tx_id, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130155903_Webhooks') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130155903_Webhooks', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130163801_WebhookFeedSequence') THEN
    ALTER TABLE webhook_relay_cursor DROP COLUMN event_id;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130163801_WebhookFeedSequence') THEN
    ALTER TABLE webhook_relay_cursor RENAME COLUMN tx_id TO last_sequence;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130163801_WebhookFeedSequence') THEN
    ALTER TABLE order_events ADD sequence bigint;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130163801_WebhookFeedSequence') THEN
    DROP INDEX ix_order_events_settled;
    DROP INDEX ix_order_events_client_feed;
    ALTER TABLE order_events DROP COLUMN tx_id;
    UPDATE order_events e SET sequence = n.seq FROM (SELECT id, row_number() OVER (ORDER BY id) AS seq FROM order_events) n WHERE e.id = n.id;
    DELETE FROM webhook_relay_cursor;
    INSERT INTO webhook_relay_cursor (id, last_sequence) SELECT 1, COALESCE(max(sequence), 0) FROM order_events;
    CREATE UNIQUE INDEX ux_order_events_feed ON order_events (client_id, sequence);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130163801_WebhookFeedSequence') THEN
    CREATE INDEX ix_order_events_unsequenced ON order_events (id) WHERE sequence IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130163801_WebhookFeedSequence') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130163801_WebhookFeedSequence', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130171826_DataProtectionKeys') THEN
    CREATE TABLE data_protection_keys (
        id integer GENERATED BY DEFAULT AS IDENTITY,
        friendly_name text,
        xml text,
        CONSTRAINT pk_data_protection_keys PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130171826_DataProtectionKeys') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130171826_DataProtectionKeys', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    ALTER TABLE orders ADD campaign_id uuid;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    ALTER TABLE orders ADD campaign_row integer;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    ALTER TABLE orders ADD merge_fields jsonb;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE TABLE campaigns (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        is_test boolean NOT NULL,
        name character varying(100) NOT NULL,
        kind character varying(16) NOT NULL,
        state character varying(16) NOT NULL,
        occasion character varying(32) NOT NULL,
        relationship character varying(200) NOT NULL,
        brief character varying(5000),
        tone character varying(32) NOT NULL,
        length character varying(16) NOT NULL,
        language character varying(35) NOT NULL,
        style character varying(40) NOT NULL,
        ink character varying(40) NOT NULL,
        paper character varying(40) NOT NULL,
        page_size character varying(16) NOT NULL,
        signature character varying(200),
        deliver_by date NOT NULL,
        return_address jsonb,
        auto_draft boolean NOT NULL,
        upload_id uuid,
        letter_order_id uuid,
        rows_total integer NOT NULL,
        rows_valid integer NOT NULL,
        rows_invalid integer NOT NULL,
        rows_with_warnings integer NOT NULL,
        orders_created integer NOT NULL,
        letters_rendered integer NOT NULL,
        failure_reason character varying(1000),
        file_problems jsonb NOT NULL,
        custom_fields text[] NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_campaigns PRIMARY KEY (id),
        CONSTRAINT fk_campaigns_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE TABLE campaign_events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        campaign_id uuid NOT NULL,
        from_state character varying(16),
        to_state character varying(16) NOT NULL,
        note character varying(1000),
        created_at timestamp with time zone NOT NULL,
        relayed boolean NOT NULL,
        CONSTRAINT pk_campaign_events PRIMARY KEY (id),
        CONSTRAINT fk_campaign_events_campaigns_campaign_id FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE TABLE campaign_rows (
        campaign_id uuid NOT NULL,
        row_number integer NOT NULL,
        valid boolean NOT NULL,
        has_problems boolean NOT NULL,
        name text,
        first_name text,
        address_line1 text,
        address_line2 text,
        city text,
        region text,
        postal_code text,
        country text,
        relationship text,
        brief text,
        custom jsonb NOT NULL,
        problems jsonb NOT NULL,
        order_id uuid,
        CONSTRAINT pk_campaign_rows PRIMARY KEY (campaign_id, row_number),
        CONSTRAINT fk_campaign_rows_campaigns_campaign_id FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE TABLE campaign_uploads (
        id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        file_name character varying(255),
        sha256 character varying(64) NOT NULL,
        content bytea NOT NULL,
        size_bytes integer NOT NULL,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_campaign_uploads PRIMARY KEY (id),
        CONSTRAINT fk_campaign_uploads_campaigns_campaign_id FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE INDEX ix_orders_campaign_waiting ON orders (campaign_id, campaign_row) WHERE status = 'received' AND campaign_id IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE UNIQUE INDEX ux_orders_campaign_row ON orders (campaign_id, campaign_row) WHERE campaign_id IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE INDEX ix_campaign_events_campaign ON campaign_events (campaign_id, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE INDEX ix_campaign_events_unrelayed ON campaign_events (id) WHERE NOT relayed;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE INDEX ix_campaign_rows_problems ON campaign_rows (campaign_id, row_number) WHERE has_problems;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE INDEX ix_campaign_rows_to_import ON campaign_rows (campaign_id, row_number) WHERE valid AND order_id IS NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE UNIQUE INDEX ux_campaign_uploads_file ON campaign_uploads (campaign_id, sha256);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE INDEX ix_campaigns_client ON campaigns (client_id, is_test, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    CREATE INDEX ix_campaigns_working ON campaigns (updated_at) WHERE state IN ('validating', 'importing', 'writing', 'rendering');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    ALTER TABLE orders ADD CONSTRAINT fk_orders_campaigns_campaign_id FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE RESTRICT;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130191911_Campaigns') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130191911_Campaigns', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130193808_StandingOrders') THEN
    CREATE TABLE standing_orders (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        is_test boolean NOT NULL,
        recipient_id uuid NOT NULL,
        occasion character varying(32) NOT NULL,
        occasion_name character varying(100),
        month integer NOT NULL,
        day integer NOT NULL,
        time_zone character varying(64) NOT NULL,
        leap_day character varying(16) NOT NULL,
        lead_days integer NOT NULL,
        relationship character varying(200) NOT NULL,
        brief character varying(5000) NOT NULL,
        tone character varying(32) NOT NULL,
        length character varying(16) NOT NULL,
        language character varying(35) NOT NULL,
        style character varying(40),
        ink character varying(40),
        paper character varying(40),
        page_size character varying(16),
        signature character varying(200),
        paused_at timestamp with time zone,
        first_year integer NOT NULL,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_standing_orders PRIMARY KEY (id),
        CONSTRAINT ck_standing_orders_date CHECK (month BETWEEN 1 AND 12 AND day BETWEEN 1 AND 31),
        CONSTRAINT ck_standing_orders_lead CHECK (lead_days BETWEEN 2 AND 120),
        CONSTRAINT fk_standing_orders_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE,
        CONSTRAINT fk_standing_orders_recipients_recipient_id FOREIGN KEY (recipient_id) REFERENCES recipients (id) ON DELETE RESTRICT
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130193808_StandingOrders') THEN
    CREATE TABLE standing_order_years (
        standing_order_id uuid NOT NULL,
        year integer NOT NULL,
        note character varying(2000),
        skipped boolean NOT NULL,
        reminded_at timestamp with time zone,
        order_id uuid,
        missed_at timestamp with time zone,
        updated_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_standing_order_years PRIMARY KEY (standing_order_id, year),
        CONSTRAINT fk_standing_order_years_standing_orders_standing_order_id FOREIGN KEY (standing_order_id) REFERENCES standing_orders (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130193808_StandingOrders') THEN
    CREATE UNIQUE INDEX ux_standing_order_years_order ON standing_order_years (order_id) WHERE order_id IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130193808_StandingOrders') THEN
    CREATE INDEX ix_standing_orders_client ON standing_orders (client_id, is_test, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130193808_StandingOrders') THEN
    CREATE INDEX ix_standing_orders_recipient_id ON standing_orders (recipient_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130193808_StandingOrders') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130193808_StandingOrders', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130205435_Books') THEN
    CREATE TABLE books (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        is_test boolean NOT NULL,
        recipient_id uuid,
        delivered_from date,
        delivered_to date,
        title character varying(120) NOT NULL,
        dedication character varying(600),
        trim character varying(16) NOT NULL,
        state character varying(16) NOT NULL,
        letters_total integer NOT NULL,
        letters_placed integer NOT NULL,
        page_count integer,
        gutter_inches double precision,
        contents jsonb NOT NULL,
        failure_reason character varying(1000),
        attempts integer NOT NULL,
        lease_until timestamp with time zone,
        created_at timestamp with time zone NOT NULL,
        updated_at timestamp with time zone NOT NULL,
        finished_at timestamp with time zone,
        CONSTRAINT pk_books PRIMARY KEY (id),
        CONSTRAINT fk_books_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE,
        CONSTRAINT fk_books_recipients_recipient_id FOREIGN KEY (recipient_id) REFERENCES recipients (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130205435_Books') THEN
    CREATE TABLE book_events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        book_id uuid NOT NULL,
        from_state character varying(16),
        to_state character varying(16) NOT NULL,
        note character varying(1000),
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_book_events PRIMARY KEY (id),
        CONSTRAINT fk_book_events_books_book_id FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130205435_Books') THEN
    CREATE TABLE book_files (
        book_id uuid NOT NULL,
        pdf bytea NOT NULL,
        sha256 character varying(64) NOT NULL,
        size_bytes integer NOT NULL,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT pk_book_files PRIMARY KEY (book_id),
        CONSTRAINT fk_book_files_books_book_id FOREIGN KEY (book_id) REFERENCES books (id) ON DELETE CASCADE
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130205435_Books') THEN
    CREATE INDEX ix_book_events_book ON book_events (book_id, id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130205435_Books') THEN
    CREATE INDEX ix_books_client ON books (client_id, is_test, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130205435_Books') THEN
    CREATE INDEX ix_books_recipient_id ON books (recipient_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130205435_Books') THEN
    CREATE INDEX ix_books_unbuilt ON books (created_at) WHERE state IN ('queued', 'building');
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261130205435_Books') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261130205435_Books', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207080748_StandingOrderSameDate') THEN
    DROP INDEX ix_standing_orders_recipient_id;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207080748_StandingOrderSameDate') THEN
    CREATE UNIQUE INDEX ux_standing_orders_same_date ON standing_orders (recipient_id, is_test, occasion, month, day, occasion_name) NULLS NOT DISTINCT;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207080748_StandingOrderSameDate') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261207080748_StandingOrderSameDate', '10.0.14');
    END IF;
END $EF$;
COMMIT;

START TRANSACTION;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    DROP INDEX ix_webhook_deliveries_due;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    ALTER TABLE webhook_deliveries ADD client_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    UPDATE webhook_deliveries d SET client_id = e.client_id FROM webhook_endpoints e WHERE e.id = d.endpoint_id;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    UPDATE webhook_deliveries d SET state = 'held' FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.disabled_at IS NOT NULL AND d.state = 'pending';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    ALTER TABLE standing_orders ADD paused_reason character varying(500);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    ALTER TABLE standing_order_years ADD missed_reason character varying(2000);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    ALTER TABLE campaigns ADD step_attempts integer NOT NULL DEFAULT 0;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (client_id, next_attempt_at) WHERE state = 'pending';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    CREATE INDEX ix_webhook_deliveries_in_flight ON webhook_deliveries (client_id) WHERE locked_until IS NOT NULL;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    CREATE INDEX ix_webhook_deliveries_replays ON webhook_deliveries (endpoint_id) WHERE is_replay AND state = 'pending';
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    ALTER TABLE webhook_deliveries ADD CONSTRAINT fk_webhook_deliveries_clients_client_id FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM __ef_migrations_history WHERE "migration_id" = '20261207085705_TenantsApart') THEN
    INSERT INTO __ef_migrations_history (migration_id, product_version)
    VALUES ('20261207085705_TenantsApart', '10.0.14');
    END IF;
END $EF$;
COMMIT;

