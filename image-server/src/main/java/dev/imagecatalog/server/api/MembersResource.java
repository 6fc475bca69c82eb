package dev.imagecatalog.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagecatalog.image.MemberStatus;
import dev.imagecatalog.server.http.Exchange;
import dev.imagecatalog.server.http.HttpError;
import dev.imagecatalog.server.http.Router;

/**
 * Image sharing: {@code GET}/{@code POST /v2/images/{image_id}/members} and
 * {@code GET}/{@code PUT}/{@code DELETE /v2/images/{image_id}/members/{member_id}}. The server reads the bodies and
 * renders the records; who may do what (the owner adds and removes, the member changes its status, only shared
 * images have members, not found for what the caller may not see) is the catalog's.
 */
final class MembersResource {
    private static final String MEMBER_FORM = "the body must be {\"member\": \"<project id>\"}";
    private static final String STATUS_FORM =
            "the body must be {\"status\": \"pending\" | \"accepted\" | \"rejected\"}";
    private final ApiContext context;

    private MembersResource(ApiContext context) {
        this.context = context;
    }

    static void register(Router router, ApiContext context) {
        MembersResource r = new MembersResource(context);
        router.add("GET", "/v2/images/{image_id}/members", r::list);
        router.add("POST", "/v2/images/{image_id}/members", r::add);
        router.add("GET", "/v2/images/{image_id}/members/{member_id}", r::show);
        router.add("PUT", "/v2/images/{image_id}/members/{member_id}", r::update);
        router.add("DELETE", "/v2/images/{image_id}/members/{member_id}", r::remove);
    }

    private void list(Exchange ex) throws Exception {
        ex.json(200, MemberJson.members(context.images(ex).listMembers(ex.param("image_id"))));
    }

    private void add(Exchange ex) throws Exception {
        String member = memberOf(ex.json());
        ex.json(200, MemberJson.member(context.images(ex).addMember(ex.param("image_id"), member)));
    }

    private void show(Exchange ex) throws Exception {
        ex.json(200, MemberJson.member(context.images(ex).getMember(ex.param("image_id"), ex.param("member_id"))));
    }

    private void update(Exchange ex) throws Exception {
        MemberStatus status = statusOf(ex.json());
        ex.json(200, MemberJson.member(context.images(ex).updateMember(ex.param("image_id"), ex.param("member_id"),
                status)));
    }

    private void remove(Exchange ex) throws Exception {
        context.images(ex).removeMember(ex.param("image_id"), ex.param("member_id"));
        ex.status(204);
    }

    /** {@code {"member": "<project id>"}}: other keys are ignored, as Glance does. */
    private static String memberOf(JsonNode body) {
        JsonNode member = body.isObject() ? body.get("member") : null;
        if (member == null) {
            throw HttpError.badRequest("No member given: " + MEMBER_FORM + ".");
        }
        if (!member.isTextual() || member.textValue().isEmpty()) {
            throw HttpError.badRequest("The member must be a non-empty string: " + MEMBER_FORM + ".");
        }
        return member.textValue();
    }

    /** {@code {"status": "pending" | "accepted" | "rejected"}}, lower case as Glance requires. */
    private static MemberStatus statusOf(JsonNode body) {
        JsonNode status = body.isObject() ? body.get("status") : null;
        if (status == null) {
            throw HttpError.badRequest("No status given: " + STATUS_FORM + ".");
        }
        if (status.isTextual()) {
            for (MemberStatus s : MemberStatus.values()) {
                if (s.wireName().equals(status.textValue())) {
                    return s;
                }
            }
        }
        throw HttpError.badRequest("Invalid status " + status + ": " + STATUS_FORM + ".");
    }
}
