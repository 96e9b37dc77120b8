// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title DvPCodes
/// @notice The DvP's pre-check codes (`IDvP.checkOffer`, `IDvP.checkTake`, `IDvP.OfferRestricted`): 0 allowed,
/// 1..17 the shared restriction table (`RestrictionCodes`, ERC-1404), and 100..112 below for what only a DvP trade
/// can fail on (the offer's state, the buyer, the payment leg).
/// @dev Keep in sync with the SDK's table of DvP codes. Codes 18..99 stay free for the shared table to grow.
library DvPCodes {
    /// @notice No offer has this id.
    uint8 internal constant OFFER_NOT_FOUND = 100;
    /// @notice The offer is already taken.
    uint8 internal constant OFFER_TAKEN = 101;
    /// @notice The offer was cancelled (by the seller or an agent of the asset).
    uint8 internal constant OFFER_CANCELLED = 102;
    /// @notice The offer expired and its lock was released.
    uint8 internal constant OFFER_RELEASED = 103;
    /// @notice The offer's expiry has passed.
    uint8 internal constant OFFER_EXPIRED = 104;
    /// @notice The offer names another buyer.
    uint8 internal constant NOT_OFFER_BUYER = 105;
    /// @notice Seller and buyer are the same wallet.
    uint8 internal constant SELF_TRADE = 106;
    /// @notice The issuer has not made the DvP a locker of the asset (`ITokenLock.setLocker(dvp, true)`).
    uint8 internal constant DVP_NOT_ENABLED = 107;
    /// @notice The token was not deployed by the platform's TokenFactory.
    uint8 internal constant UNKNOWN_TOKEN = 108;
    /// @notice The amount exceeds the seller's available balance: balance minus frozen minus locked tokens.
    uint8 internal constant AVAILABLE_BALANCE_SHORT = 109;
    /// @notice The seller's locked tokens are fewer than the offer's amount: an agent move (burn, forced transfer,
    /// recovery) took them.
    uint8 internal constant LOCKED_TOKENS_SHORT = 110;
    /// @notice The buyer's payment-token balance is below the price.
    uint8 internal constant PAYMENT_BALANCE_SHORT = 111;
    /// @notice The buyer's payment-token allowance to the DvP is below the price (approve, or take with a permit).
    uint8 internal constant PAYMENT_ALLOWANCE_SHORT = 112;

    /// @notice The text for a DvP pre-check code, neutral wording (the seller's or a third party's view).
    /// @param code 0, a restriction code (1..17) or a DvP code (100..112).
    /// @return The text; `RestrictionCodes.message` for codes below 100.
    function message(uint8 code) internal pure returns (string memory) {
        if (code < OFFER_NOT_FOUND) return RestrictionCodes.message(code);
        if (code == OFFER_NOT_FOUND) return "there is no such offer";
        if (code == OFFER_TAKEN) return "the offer is already taken";
        if (code == OFFER_CANCELLED) return "the offer was cancelled";
        if (code == OFFER_RELEASED) return "the offer expired and was closed";
        if (code == OFFER_EXPIRED) return "the offer has expired";
        if (code == NOT_OFFER_BUYER) return "the offer is for another buyer";
        if (code == SELF_TRADE) return "the seller cannot trade with their own wallet";
        if (code == DVP_NOT_ENABLED) return "the issuer has not enabled DvP for this asset";
        if (code == UNKNOWN_TOKEN) return "the token is not an asset of this platform";
        if (code == AVAILABLE_BALANCE_SHORT) {
            return "the amount exceeds the seller's available balance (not frozen, not locked)";
        }
        if (code == LOCKED_TOKENS_SHORT) {
            return "the offered tokens are no longer locked in the seller's wallet (an agent moved them)";
        }
        if (code == PAYMENT_BALANCE_SHORT) return "the buyer's payment-token balance is below the price";
        if (code == PAYMENT_ALLOWANCE_SHORT) return "the buyer has not approved the DvP to spend the price";
        return "unknown restriction code";
    }

    /// @notice The text for a code as the buyer reads it before taking an offer ("you are not verified for this
    /// asset"); codes about the buyer are in the second person, the others as `message`.
    /// @param code 0, a restriction code (1..17) or a DvP code (100..112).
    /// @return The text.
    function buyerMessage(uint8 code) internal pure returns (string memory) {
        if (code == RestrictionCodes.RECIPIENT_NOT_VERIFIED) return "you are not verified for this asset";
        if (code == RestrictionCodes.RECIPIENT_FROZEN) return "your wallet is frozen for this asset";
        if (code == RestrictionCodes.COUNTRY_NOT_ALLOWED) return "your country is not allowed for this asset";
        if (code == RestrictionCodes.COUNTRY_BLOCKED) return "your country is blocked for this asset";
        if (code == RestrictionCodes.MAX_HOLDERS_EXCEEDED) {
            return "this would exceed the asset's maximum number of holders";
        }
        if (code == RestrictionCodes.MAX_BALANCE_EXCEEDED) return "this would exceed the maximum balance per investor";
        if (code == NOT_OFFER_BUYER) return "the offer is for another buyer";
        if (code == SELF_TRADE) return "you cannot take your own offer";
        if (code == PAYMENT_BALANCE_SHORT) return "your payment-token balance is below the price";
        if (code == PAYMENT_ALLOWANCE_SHORT) {
            return "approve the DvP to spend the price first (or take the offer with a permit)";
        }
        return message(code);
    }
}
