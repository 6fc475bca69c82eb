package dev.imagecatalog.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagecatalog.image.SortOrder.Direction;
import org.junit.jupiter.api.Test;

/** The tie-breaker rule every metadata back-end lists by: {@link ImageQuery#effectiveSort()}. */
class ImageQuerySortTest {

    @Test
    void theDefaultSortGetsTheIdTieBreakerInItsDirection() {
        assertThat(ImageQuery.all().effectiveSort()).containsExactly(
                new SortOrder(SortKey.CREATED_AT, Direction.DESC), new SortOrder(SortKey.ID, Direction.DESC));
    }

    @Test
    void tieBreakersFollowTheDirectionOfTheLastGivenKey() {
        ImageQuery q = ImageQuery.builder().sort(SortKey.NAME, Direction.DESC).sort(SortKey.SIZE, Direction.ASC)
                .build();
        assertThat(q.effectiveSort()).containsExactly(new SortOrder(SortKey.NAME, Direction.DESC),
                new SortOrder(SortKey.SIZE, Direction.ASC), new SortOrder(SortKey.CREATED_AT, Direction.ASC),
                new SortOrder(SortKey.ID, Direction.ASC));
    }

    @Test
    void givenTieBreakerKeysKeepTheirOwnDirectionAndARepeatedKeyItsFirst() {
        ImageQuery q = ImageQuery.builder().sort(SortKey.ID, Direction.ASC).sort(SortKey.NAME, Direction.DESC)
                .sort(SortKey.ID, Direction.DESC).build();
        assertThat(q.effectiveSort()).containsExactly(new SortOrder(SortKey.ID, Direction.ASC),
                new SortOrder(SortKey.NAME, Direction.DESC), new SortOrder(SortKey.CREATED_AT, Direction.DESC));
    }
}
