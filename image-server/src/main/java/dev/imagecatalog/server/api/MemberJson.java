package dev.imagecatalog.server.api;

import dev.imagecatalog.image.ImageMember;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Glance's JSON for image members: one record ({@code /v2/schemas/member}) and the list
 * ({@code /v2/schemas/members}).
 */
final class MemberJson {
    static final String MEMBER_SCHEMA = "/v2/schemas/member";
    static final String MEMBERS_SCHEMA = "/v2/schemas/members";

    private MemberJson() {
    }

    /** {@return one member record as Glance renders it} */
    static Map<String, Object> member(ImageMember m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created_at", GlanceTime.format(m.createdAt()));
        json.put("image_id", m.imageId());
        json.put("member_id", m.memberId());
        json.put("schema", MEMBER_SCHEMA);
        json.put("status", m.status().wireName());
        json.put("updated_at", GlanceTime.format(m.updatedAt()));
        return json;
    }

    /** {@return the member list document} */
    static Map<String, Object> members(List<ImageMember> members) {
        List<Map<String, Object>> list = new ArrayList<>(members.size());
        for (ImageMember m : members) {
            list.add(member(m));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("members", list);
        json.put("schema", MEMBERS_SCHEMA);
        return json;
    }
}
