package dev.imagecatalog.memory;

import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.NotFoundException;
import dev.imagecatalog.image.ImageMember;
import dev.imagecatalog.image.MemberStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member records of {@link MemoryMetadataRepository}: image id -> member id -> record. A member is added under
 * its image's row lock, so it cannot be added to an image being deleted or purged.
 */
final class MemoryMembers {
    private final MemoryImageRows rows;
    /** image id -> member id -> record. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, ImageMember>> members = new ConcurrentHashMap<>();

    MemoryMembers(MemoryImageRows rows) {
        this.rows = rows;
    }

    void add(ImageMember member) {
        Objects.requireNonNull(member, "member");
        rows.lockRow(member.imageId(), row -> {
            String id = member.imageId();
            if (row == null || !row.live()) {
                throw new NotFoundException("no image with id " + id);
            }
            ConcurrentHashMap<String, ImageMember> m = members.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
            if (m.putIfAbsent(member.memberId(), member) != null) {
                throw new ConflictException("project " + member.memberId() + " is already a member of image " + id);
            }
            return row;
        });
    }

    ImageMember update(ImageMember member) {
        Objects.requireNonNull(member, "member");
        Map<String, ImageMember> m = members.get(member.imageId());
        if (m == null || m.computeIfPresent(member.memberId(), (k, old) -> member) == null) {
            throw new NotFoundException("project " + member.memberId() + " is not a member of image " + member.imageId());
        }
        return member;
    }

    boolean remove(String imageId, String memberId) {
        Map<String, ImageMember> m = members.get(imageId);
        return m != null && m.remove(memberId) != null;
    }

    List<ImageMember> list(String imageId) {
        Map<String, ImageMember> m = members.get(imageId);
        if (m == null) {
            return List.of();
        }
        List<ImageMember> out = new ArrayList<>(m.values());
        out.sort(Comparator.comparing(ImageMember::memberId));
        return out;
    }

    Optional<ImageMember> find(String imageId, String memberId) {
        Map<String, ImageMember> m = members.get(imageId);
        return m == null || memberId == null ? Optional.empty() : Optional.ofNullable(m.get(memberId));
    }

    /** The status of {@code projectId}'s member record for {@code imageId}, or null if it has none. */
    MemberStatus status(String imageId, String projectId) {
        if (projectId == null) {
            return null;
        }
        Map<String, ImageMember> m = members.get(imageId);
        ImageMember member = m == null ? null : m.get(projectId);
        return member == null ? null : member.status();
    }

    /** Forgets every member record of {@code imageId} (its row was purged). */
    void removeAll(String imageId) {
        members.remove(imageId);
    }
}
