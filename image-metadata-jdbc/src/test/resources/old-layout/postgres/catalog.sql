
SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE public.catalog_identity (
    id integer NOT NULL,
    catalog_id character varying(63) NOT NULL,
    created_at bigint NOT NULL
);

CREATE TABLE public.image_locations (
    image_id character varying(255) NOT NULL,
    "position" integer NOT NULL,
    url character varying(2048) NOT NULL
);

CREATE TABLE public.image_members (
    image_id character varying(255) NOT NULL,
    member_id character varying(255) NOT NULL,
    status character varying(16) NOT NULL,
    can_share boolean NOT NULL,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    deleted_at bigint
);

CREATE TABLE public.image_properties (
    image_id character varying(255) NOT NULL,
    prop_name character varying(255) NOT NULL,
    prop_value character varying NOT NULL
);

CREATE TABLE public.image_tags (
    image_id character varying(255) NOT NULL,
    tag character varying(255) NOT NULL
);

CREATE TABLE public.images (
    id character varying(255) NOT NULL,
    name character varying(255),
    status character varying(32) NOT NULL,
    visibility character varying(16) NOT NULL,
    is_protected boolean NOT NULL,
    os_hidden boolean NOT NULL,
    checksum character varying(64),
    os_hash_algo character varying(64),
    os_hash_value character varying(256),
    size bigint,
    virtual_size bigint,
    disk_format character varying(64),
    container_format character varying(64),
    min_disk integer NOT NULL,
    min_ram integer NOT NULL,
    owner character varying(255),
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    deleted_at bigint,
    version bigint NOT NULL
);

CREATE TABLE public.metadef_namespace_resource_types (
    namespace character varying(255) NOT NULL,
    resource_type character varying(255) NOT NULL
);

CREATE TABLE public.metadef_namespaces (
    namespace character varying(255) NOT NULL,
    owner character varying(255),
    visibility character varying(16) NOT NULL,
    is_protected boolean NOT NULL,
    created_at bigint,
    updated_at bigint,
    version bigint NOT NULL,
    body character varying NOT NULL
);

CREATE TABLE public.metadef_resource_types (
    name character varying(255) NOT NULL,
    is_protected boolean NOT NULL,
    created_at bigint,
    updated_at bigint
);

CREATE TABLE public.schema_version (
    id integer NOT NULL,
    version integer NOT NULL,
    updated_at bigint NOT NULL
);

CREATE TABLE public.write_intents (
    id character varying(64) NOT NULL,
    image_id character varying(255) NOT NULL,
    store_id character varying(255) NOT NULL,
    instance character varying(255) NOT NULL,
    started_at bigint NOT NULL,
    touched_at bigint NOT NULL
);

INSERT INTO public.catalog_identity VALUES (1, '15908352-259a-42a3-978d-9d47f89dbcc0', 1796321406042935563);

INSERT INTO public.image_locations VALUES ('0a000000-0000-4000-8000-000000000001', 0, 'filesystem://local/15908352-259a-42a3-978d-9d47f89dbcc0/0a/0a000000-0000-4000-8000-000000000001');
INSERT INTO public.image_locations VALUES ('0a000000-0000-4000-8000-000000000003', 0, 'filesystem://local/15908352-259a-42a3-978d-9d47f89dbcc0/0a/0a000000-0000-4000-8000-000000000003');

INSERT INTO public.image_members VALUES ('0a000000-0000-4000-8000-000000000001', 'project-b', 'accepted', false, 1796321406544415000, 1796321406569879000, NULL);
INSERT INTO public.image_members VALUES ('0a000000-0000-4000-8000-000000000001', 'project-c', 'pending', false, 1796321406577688000, 1796321406577688000, NULL);

INSERT INTO public.image_properties VALUES ('0a000000-0000-4000-8000-000000000001', 'hw_disk_bus', 'virtio');
INSERT INTO public.image_properties VALUES ('0a000000-0000-4000-8000-000000000001', 'os_distro', 'cirros');
INSERT INTO public.image_properties VALUES ('0a000000-0000-4000-8000-000000000002', 'note', 'no data yet');
INSERT INTO public.image_properties VALUES ('0a000000-0000-4000-8000-000000000003', 'os_distro', 'debian');

INSERT INTO public.image_tags VALUES ('0a000000-0000-4000-8000-000000000001', 'layout');
INSERT INTO public.image_tags VALUES ('0a000000-0000-4000-8000-000000000001', 'old');
INSERT INTO public.image_tags VALUES ('0a000000-0000-4000-8000-000000000002', 'draft');

INSERT INTO public.images VALUES ('0a000000-0000-4000-8000-000000000001', 'cirros-active', 'active', 'shared', false, false, 'c9688c905fed3dc9eacd0f7c5c7a7636', 'sha512', 'f266fdc9ca44b20af4a92fd847882dd5fbdc0777fc3b3c2778008cb9b957cd8b9ca0733ced69a29e06ce709112625d4ef914bcb16291cac12e9eee0ca09314ec', 2880, 2880, 'raw', 'bare', 1, 64, 'project-a', 1796321406405908000, 1796321406516995000, NULL, 3);
INSERT INTO public.images VALUES ('0a000000-0000-4000-8000-000000000002', 'queued-draft', 'queued', 'private', true, false, NULL, NULL, NULL, NULL, NULL, 'qcow2', 'bare', 0, 0, 'project-a', 1796321406583894000, 1796321406583894000, NULL, 1);
INSERT INTO public.images VALUES ('0a000000-0000-4000-8000-000000000003', 'public-deactivated', 'deactivated', 'public', false, false, '4fc5df60af6cb953d452438f2a266e1a', 'sha512', 'b88c5d794f130eda46a08dace089e450e4323874fb8eefbe2ca37a0370d45392724c0e006dfea7bc3cb8cfca0dc0bb5857ee1a2865a32d298735d830ea7111aa', 3200, 3200, 'raw', 'bare', 0, 0, 'project-a', 1796321406586578000, 1796321406608391000, NULL, 4);

INSERT INTO public.schema_version VALUES (1, 3, 1796321405921);

ALTER TABLE ONLY public.catalog_identity
    ADD CONSTRAINT catalog_identity_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.image_locations
    ADD CONSTRAINT image_locations_pkey PRIMARY KEY (image_id, "position");

ALTER TABLE ONLY public.image_members
    ADD CONSTRAINT image_members_pkey PRIMARY KEY (image_id, member_id);

ALTER TABLE ONLY public.image_properties
    ADD CONSTRAINT image_properties_pkey PRIMARY KEY (image_id, prop_name);

ALTER TABLE ONLY public.image_tags
    ADD CONSTRAINT image_tags_pkey PRIMARY KEY (image_id, tag);

ALTER TABLE ONLY public.images
    ADD CONSTRAINT images_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.metadef_namespace_resource_types
    ADD CONSTRAINT metadef_namespace_resource_types_pkey PRIMARY KEY (namespace, resource_type);

ALTER TABLE ONLY public.metadef_namespaces
    ADD CONSTRAINT metadef_namespaces_pkey PRIMARY KEY (namespace);

ALTER TABLE ONLY public.metadef_resource_types
    ADD CONSTRAINT metadef_resource_types_pkey PRIMARY KEY (name);

ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.write_intents
    ADD CONSTRAINT write_intents_pkey PRIMARY KEY (id);

CREATE INDEX ix_image_locations_url ON public.image_locations USING btree (url);

CREATE INDEX ix_image_members_member ON public.image_members USING btree (member_id, status);

CREATE INDEX ix_image_properties_name_value ON public.image_properties USING btree (prop_name, "left"((prop_value)::text, 200));

CREATE INDEX ix_image_tags_tag ON public.image_tags USING btree (tag, image_id);

CREATE INDEX ix_images_checksum ON public.images USING btree (checksum);

CREATE INDEX ix_images_container_format ON public.images USING btree (container_format NULLS FIRST, created_at, id);

CREATE INDEX ix_images_created ON public.images USING btree (created_at, id);

CREATE INDEX ix_images_disk_format ON public.images USING btree (disk_format NULLS FIRST, created_at, id);

CREATE INDEX ix_images_name ON public.images USING btree (name NULLS FIRST, created_at, id);

CREATE INDEX ix_images_os_hash_value ON public.images USING btree (os_hash_value);

CREATE INDEX ix_images_owner ON public.images USING btree (owner, created_at, id);

CREATE INDEX ix_images_size ON public.images USING btree (size NULLS FIRST, created_at, id);

CREATE INDEX ix_images_status ON public.images USING btree (status, created_at, id);

CREATE INDEX ix_images_updated ON public.images USING btree (updated_at, id);

CREATE INDEX ix_metadef_ns_owner ON public.metadef_namespaces USING btree (owner, namespace);

CREATE INDEX ix_metadef_ns_rt_resource_type ON public.metadef_namespace_resource_types USING btree (resource_type, namespace);

CREATE INDEX ix_metadef_ns_visibility ON public.metadef_namespaces USING btree (visibility, namespace);

CREATE INDEX ix_write_intents_started ON public.write_intents USING btree (started_at, id);

ALTER TABLE ONLY public.image_locations
    ADD CONSTRAINT image_locations_image_id_fkey FOREIGN KEY (image_id) REFERENCES public.images(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.image_members
    ADD CONSTRAINT image_members_image_id_fkey FOREIGN KEY (image_id) REFERENCES public.images(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.image_properties
    ADD CONSTRAINT image_properties_image_id_fkey FOREIGN KEY (image_id) REFERENCES public.images(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.image_tags
    ADD CONSTRAINT image_tags_image_id_fkey FOREIGN KEY (image_id) REFERENCES public.images(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.metadef_namespace_resource_types
    ADD CONSTRAINT metadef_namespace_resource_types_namespace_fkey FOREIGN KEY (namespace) REFERENCES public.metadef_namespaces(namespace) ON UPDATE CASCADE ON DELETE CASCADE;

