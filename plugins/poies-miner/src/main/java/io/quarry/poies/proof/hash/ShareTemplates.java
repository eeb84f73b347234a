package io.quarry.poies.proof.hash;

import io.quarry.poies.model.HeaderTemplate;
import java.util.Optional;

/** Looks up a template this node served, by its {@code extra.templateId}. */
@FunctionalInterface
public interface ShareTemplates {

    /** The template with {@code templateId}, while the node still remembers it. */
    Optional<HeaderTemplate> template(String templateId);
}
