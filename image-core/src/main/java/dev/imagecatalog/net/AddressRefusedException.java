package dev.imagecatalog.net;

import dev.imagecatalog.error.InvalidInputException;

/**
 * A URL the {@link AddressGuard} refuses (HTTP 400, as Glance answers a web-download URI that does not pass its
 * filtering): its scheme, host, port or one of the addresses its host resolves to is not allowed, its form is odd,
 * or its host does not resolve. The message says which rule refused it and which setting would allow it.
 */
public class AddressRefusedException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the URL and why it is refused
     */
    public AddressRefusedException(String message) {
        super(message);
    }
}
