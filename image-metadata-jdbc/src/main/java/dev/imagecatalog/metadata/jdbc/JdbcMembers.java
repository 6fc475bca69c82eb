package dev.imagecatalog.metadata.jdbc;

import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.isUniqueViolation;
import static dev.imagecatalog.metadata.jdbc.DatabaseErrors.run;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.MemberStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The member records of {@link JdbcMetadataRepository}: table {@code image_members}, one row per (image, member),
 * removed with their image. A member is added only to a live image, in the transaction that checks it.
 */
final class JdbcMembers {
    private final Jdbi jdbi;

    JdbcMembers(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private static ImageMember member(ResultSet rs) throws SQLException {
        return new ImageMember(rs.getString("image_id"), rs.getString("member_id"),
                MemberStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                Times.fromNanos(rs.getLong("created_at")), Times.fromNanos(rs.getLong("updated_at")));
    }

    void add(ImageMember member) {
        long created = Times.toNanos(member.createdAt(), "created_at");
        long updated = Times.toNanos(member.updatedAt(), "updated_at");
        run("add member " + member.memberId() + " to image " + member.imageId(), () -> jdbi.inTransaction(h -> {
            long live = h.createQuery("SELECT COUNT(*) FROM images WHERE id = :id AND deleted_at IS NULL")
                    .bind("id", member.imageId()).mapTo(Long.class).one();
            if (live == 0) {
                throw new NotFoundException("no image with id " + member.imageId());
            }
            h.createUpdate("INSERT INTO image_members (image_id, member_id, status, can_share, created_at, "
                            + "updated_at, deleted_at) VALUES (:imageId, :memberId, :status, :canShare, :createdAt, "
                            + ":updatedAt, NULL)")
                    .bind("imageId", member.imageId()).bind("memberId", member.memberId())
                    .bind("status", member.status().wireName()).bind("canShare", false)
                    .bind("createdAt", created).bind("updatedAt", updated)
                    .execute();
            return null;
        }), e -> isUniqueViolation(e) ? new ConflictException("project " + member.memberId()
                + " is already a member of image " + member.imageId(), e) : null);
    }

    ImageMember update(ImageMember member) {
        long updated = Times.toNanos(member.updatedAt(), "updated_at");
        return run("update member " + member.memberId() + " of image " + member.imageId(), () -> jdbi.withHandle(h -> {
            int n = h.createUpdate("UPDATE image_members SET status = :status, updated_at = :updatedAt "
                            + "WHERE image_id = :imageId AND member_id = :memberId AND deleted_at IS NULL")
                    .bind("status", member.status().wireName()).bind("updatedAt", updated)
                    .bind("imageId", member.imageId()).bind("memberId", member.memberId())
                    .execute();
            if (n == 0) {
                throw new NotFoundException("project " + member.memberId() + " is not a member of image "
                        + member.imageId());
            }
            return member;
        }), e -> null);
    }

    boolean remove(String imageId, String memberId) {
        return run("remove member " + memberId + " of image " + imageId, () -> jdbi.withHandle(h ->
                h.createUpdate("DELETE FROM image_members WHERE image_id = :imageId AND member_id = :memberId")
                        .bind("imageId", imageId).bind("memberId", memberId).execute() > 0), e -> null);
    }

    List<ImageMember> list(String imageId) {
        return run("list members of image " + imageId, () -> jdbi.withHandle(h ->
                h.createQuery("SELECT image_id, member_id, status, created_at, updated_at FROM image_members "
                                + "WHERE image_id = :imageId AND deleted_at IS NULL ORDER BY member_id")
                        .bind("imageId", imageId).map((rs, ctx) -> member(rs)).list()), e -> null);
    }

    Optional<ImageMember> find(String imageId, String memberId) {
        if (imageId == null || memberId == null) {
            return Optional.empty();
        }
        return run("find member " + memberId + " of image " + imageId, () -> jdbi.withHandle(h ->
                h.createQuery("SELECT image_id, member_id, status, created_at, updated_at FROM image_members "
                                + "WHERE image_id = :imageId AND member_id = :memberId AND deleted_at IS NULL")
                        .bind("imageId", imageId).bind("memberId", memberId).map((rs, ctx) -> member(rs))
                        .findOne()), e -> null);
    }
}
